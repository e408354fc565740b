import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { athenaNamedQuery } from '../../adapters/aws/athena-query';
import { emfLedgerMetrics } from '../../adapters/aws/emf-ledger-metrics';
import {
  type LedgerSummary,
  publishLedger,
} from '../../app/reconcile/publish-ledger';
import { ENV } from '../../contract/env';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { reconciliationQuery } from '../../core/queries/reconciliation';
import { athena } from '../wiring/athena-client';
import { optionalEnv, requireEnv } from '../wiring/env';

const logger = new Logger({ serviceName: 'mailtrail-reconcile' });

/**
 * Scheduled (EventBridge Scheduler): runs the `reconciliation` named query
 * over the last N days and publishes MissedWebhookEvents and
 * ReconciledEvents per provider and covered day (docs/reconciliation.md).
 */
export async function handler(
  _event: unknown,
  context: Context,
): Promise<LedgerSummary> {
  logger.addContext(context);
  const query = athenaNamedQuery(athena, {
    namedQueryId: requireEnv(ENV.RECONCILIATION_QUERY_ID),
    workGroup: requireEnv(ENV.ATHENA_WORKGROUP),
    params: reconciliationQuery.params ?? [],
    // Within the function's 10-minute timeout, so a slow query fails with
    // Athena's state in the log instead of a bare timeout.
    timeoutMs: 8 * 60_000,
  });
  const metrics = emfLedgerMetrics(
    optionalEnv(ENV.METRICS_NAMESPACE) ?? METRIC_NAMESPACE,
  );
  const summary = await publishLedger(query, metrics, {
    days: Number(optionalEnv(ENV.RECONCILIATION_DAYS) ?? '7'),
    missedShare: Number(
      optionalEnv(ENV.RECONCILIATION_MISSED_SHARE) ?? '0.001',
    ),
    now: new Date(),
  });
  if (summary.daysOverShare.length > 0) {
    logger.warn('missed webhook events above the share', { ...summary });
  } else {
    logger.info('reconciliation published', { ...summary });
  }
  return summary;
}
