import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LedgerMetrics } from '../../app/reconcile/publish-ledger';
import { PIPELINE_METRICS } from '../../core/metrics/pipeline';
import { dayTimestamp } from '../../core/reconcile/ledger';

/**
 * Publishes ledger points as EMF (Powertools Metrics on stdout, which
 * CloudWatch Logs turns into metrics): per provider and covered day,
 * MissedWebhookEvents and ReconciledEvents with the only dimension Provider
 * (no `service`: the alarms name exactly {Provider}), timestamped at noon of
 * that day so each day's values land in its own 1-day period. CloudWatch
 * takes timestamps up to 14 days old, so the window should stay within that.
 */
export function emfLedgerMetrics(namespace: string): LedgerMetrics {
  return {
    publish(points) {
      for (const p of points) {
        const metrics = new Metrics({ namespace });
        metrics.clearDefaultDimensions();
        metrics.addDimension('Provider', p.provider);
        metrics.setTimestamp(dayTimestamp(p.dt));
        metrics.addMetric(
          PIPELINE_METRICS.MissedWebhookEvents,
          MetricUnit.Count,
          p.missed,
        );
        metrics.addMetric(
          PIPELINE_METRICS.ReconciledEvents,
          MetricUnit.Count,
          p.events,
        );
        metrics.publishStoredMetrics();
      }
    },
  };
}
