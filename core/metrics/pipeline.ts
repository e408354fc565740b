import type { MetricPoint } from './types';

/**
 * Operational counters handlers add next to the event counts, with the
 * dimensions each one carries. Names are the CloudWatch metric names.
 */
export interface PipelineMetricDimensions {
  /** Every webhook request that reached the handler. */
  readonly WebhookRequests: { readonly Provider: string };
  /** Requests answered 4xx; Reason e.g. a VerificationError reason or 'too-large'. */
  readonly WebhookRejected: {
    readonly Provider: string;
    readonly Reason: string;
  };
  /** Requests answered 5xx (Reason 'unavailable', 'config' or 'internal'). */
  readonly WebhookFailed: {
    readonly Provider: string;
    readonly Reason: string;
  };
  /** Events kept out of events/ (Reason 'invalid-event' or 'oversize-event'). */
  readonly EventsRefused: {
    readonly Provider: string;
    readonly Reason: string;
  };
  /** Payloads or records a normalizer could not turn into events. */
  readonly NormalizeErrors: { readonly Provider: string };
  /** 1 per successful archiver run; its absence is what the stale alarm sees. */
  readonly ArchiverLastSuccess: { readonly Archiver: string };
  /** Records an archiver run wrote (archive objects or events). */
  readonly ArchiverRecords: { readonly Archiver: string };
  /** Per covered day (reconciliation): events the archive has and no webhook delivered. */
  readonly MissedWebhookEvents: { readonly Provider: string };
  /** Per covered day (reconciliation): distinct events either side saw. */
  readonly ReconciledEvents: { readonly Provider: string };
  /** Addresses that became suppressed (issue 17), by first reason and provider. */
  readonly SuppressionsAdded: {
    readonly Reason: string;
    readonly Provider: string;
  };
  /** Addresses whose suppression entry could not be written (logged with provider and event_ids). */
  readonly SuppressionWriteErrors: Record<string, never>;
}

/** Name of an operational counter. */
export type PipelineMetricName = keyof PipelineMetricDimensions;

/** The operational metric names, for constructs (alarms) and handlers alike. */
export const PIPELINE_METRICS: Readonly<{
  [N in PipelineMetricName]: N;
}> = {
  WebhookRequests: 'WebhookRequests',
  WebhookRejected: 'WebhookRejected',
  WebhookFailed: 'WebhookFailed',
  EventsRefused: 'EventsRefused',
  NormalizeErrors: 'NormalizeErrors',
  ArchiverLastSuccess: 'ArchiverLastSuccess',
  ArchiverRecords: 'ArchiverRecords',
  MissedWebhookEvents: 'MissedWebhookEvents',
  ReconciledEvents: 'ReconciledEvents',
  SuppressionsAdded: 'SuppressionsAdded',
  SuppressionWriteErrors: 'SuppressionWriteErrors',
};

/**
 * One operational count (unit Count, publish time) to add to an invocation's
 * points; each name and dimension set is counted once per invocation.
 * @example countPipeline('WebhookRejected', { Provider: 'mailgun', Reason: 'stale' })
 */
export function countPipeline<N extends PipelineMetricName>(
  name: N,
  dimensions: PipelineMetricDimensions[N],
  value = 1,
): MetricPoint {
  return { name, dimensions: { ...dimensions }, value, unit: 'Count' };
}
