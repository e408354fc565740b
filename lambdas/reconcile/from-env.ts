import { athenaNamedQuery } from '../../adapters/aws/athena-query';
import { emfLedgerMetrics } from '../../adapters/aws/emf-ledger-metrics';
import type { publishLedger } from '../../app/reconcile/publish-ledger';
import { ENV } from '../../contract/env';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { reconciliationQuery } from '../../core/queries/reconciliation';
import { athena } from '../wiring/athena-client';
import { optionalEnv, requireEnv } from '../wiring/env';

/** The arguments of {@link publishLedger}, from the function's environment. */
export function ledgerJobFromEnv(now: Date): Parameters<typeof publishLedger> {
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
  return [
    query,
    metrics,
    {
      days: Number(optionalEnv(ENV.RECONCILIATION_DAYS) ?? '7'),
      missedShare: Number(
        optionalEnv(ENV.RECONCILIATION_MISSED_SHARE) ?? '0.001',
      ),
      now,
    },
  ];
}
