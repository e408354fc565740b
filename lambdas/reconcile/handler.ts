import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import {
  type LedgerSummary,
  publishLedger,
} from '../../app/reconcile/publish-ledger';
import { ledgerJobFromEnv } from './from-env';

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
  const summary = await publishLedger(...ledgerJobFromEnv(new Date()));
  if (summary.daysOverShare.length > 0) {
    logger.warn('missed webhook events above the share', { ...summary });
  } else {
    logger.info('reconciliation published', { ...summary });
  }
  return summary;
}
