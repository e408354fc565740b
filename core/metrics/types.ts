/** Metric dimensions mailtrail can split counts by (each combination is billed). */
export type MetricDimension = 'Provider' | 'SendingDomain';

/** One metric value, independent of the CloudWatch SDK types. */
export interface MetricPoint {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  readonly unit: 'Count' | 'Percent' | 'Seconds' | 'Milliseconds' | 'None';
  /** ISO timestamp; omitted means "now" at publish time. */
  readonly timestamp?: string;
}

/** Namespace of every mailtrail metric (docs/design.md "Metrics and rates"). */
export const METRIC_NAMESPACE = 'Mailtrail';
