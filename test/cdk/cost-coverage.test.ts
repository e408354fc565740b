import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../core/cost/model';
import {
  BILLED_RESOURCE_TYPES,
  UNBILLED_RESOURCE_TYPES,
} from '../../core/cost/resources';
import { DEFAULT_ASSUMPTIONS } from '../../core/cost/types';
import { synthMailtrail } from '../helpers/cdk';

// The default deployment, as `cdk deploy` with an empty configuration builds it.
const { template } = synthMailtrail();
const resources = Object.values(template.toJSON().Resources) as {
  Type: string;
  Properties?: Record<string, unknown>;
}[];
const types = new Set(resources.map((r) => r.Type));

describe('the cost model prices the default template', () => {
  it('knows every resource type of the default template', () => {
    const unknown = [...types].filter(
      (t) => !(t in BILLED_RESOURCE_TYPES) && !(t in UNBILLED_RESOURCE_TYPES),
    );
    expect(unknown).toStrictEqual([]);
  });

  it('has a priced line for every billed resource type in the template', () => {
    const services = new Set(
      estimateCost({ eventsPerMonth: 1e6 }).lines.map((l) => l.service),
    );
    const unpriced = [...types]
      .filter((t) => t in BILLED_RESOURCE_TYPES)
      .filter((t) => !services.has(BILLED_RESOURCE_TYPES[t]!));
    expect(unpriced).toStrictEqual([]);
  });

  it('prices the Firehose buffering the template deploys', () => {
    // Arrange: events stream = the one converting to Parquet; the others
    // (raw stream, SES stream) write the raw copies.
    const streams = resources
      .filter((r) => r.Type === 'AWS::KinesisFirehose::DeliveryStream')
      .map((r) => {
        const s3 = r.Properties!.ExtendedS3DestinationConfiguration as {
          BufferingHints: { IntervalInSeconds: number };
          DataFormatConversionConfiguration?: unknown;
        };
        return {
          parquet: s3.DataFormatConversionConfiguration !== undefined,
          interval: s3.BufferingHints.IntervalInSeconds,
        };
      });
    // Act
    const events = streams.filter((s) => s.parquet).map((s) => s.interval);
    const raw = new Set(
      streams.filter((s) => !s.parquet).map((s) => s.interval),
    );
    // Assert
    expect(events).toStrictEqual([DEFAULT_ASSUMPTIONS.bufferIntervalSeconds]);
    expect(raw).toStrictEqual(
      new Set([DEFAULT_ASSUMPTIONS.rawBufferIntervalSeconds]),
    );
    expect(streams.length).toBeGreaterThanOrEqual(3);
  });

  it('prices exactly the alarm metrics of the template', () => {
    // An alarm bills one alarm metric, a metric-math alarm one per metric.
    const alarmMetrics = resources
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => {
        const math = r.Properties?.Metrics as
          | { MetricStat?: unknown }[]
          | undefined;
        return math ? math.filter((m) => m.MetricStat).length : 1;
      })
      .reduce((n, k) => n + k, 0);
    const priced = estimateCost({ eventsPerMonth: 0 }).lines.find((l) =>
      l.item.startsWith('alarms'),
    )!;
    expect(alarmMetrics).toBeGreaterThan(0);
    expect(priced.quantity).toBe(alarmMetrics);
  });

  it('does not claim the dashboard free tier (≤ 50 metrics) it cannot have', () => {
    const body = JSON.stringify(
      resources.find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!
        .Properties!.DashboardBody,
    );
    // Each graphed metric is one ["Mailtrail"|"AWS/…", name, …] array.
    const metrics = body.match(/\[\\"(Mailtrail|AWS\/[A-Za-z]+)\\",/g) ?? [];
    expect(metrics.length).toBeGreaterThan(50);
  });
});
