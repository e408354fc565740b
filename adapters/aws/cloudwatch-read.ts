import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { RateMetrics } from '../../app/rates/publish-rates';
import type {
  RateQuery,
  SeriesDimensions,
} from '../../core/metrics/rate-queries';
import type { RateWindow } from '../../core/metrics/rates';
import { publishMetrics } from './cloudwatch-metrics';

/** GetMetricData accepts at most this many queries per request. */
export const MAX_QUERIES_PER_REQUEST = 500;

/**
 * Every dimension combination of one metric in the namespace (ListMetrics,
 * paginated). Without RecentlyActive it covers the last two weeks, enough
 * for any rate window (config allows ≤ 14 days).
 */
export async function listMetricDimensions(
  client: CloudWatchClient,
  namespace: string,
  metricName: string,
): Promise<SeriesDimensions[]> {
  const out: SeriesDimensions[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListMetricsCommand({
        Namespace: namespace,
        MetricName: metricName,
        NextToken,
      }),
    );
    for (const m of page.Metrics ?? []) {
      out.push(
        Object.fromEntries(
          (m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? '']),
        ),
      );
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

function toQuery(
  q: RateQuery,
  namespace: string,
  period: number,
): MetricDataQuery {
  return {
    Id: q.id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: q.metricName,
        Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({
          Name,
          Value,
        })),
      },
      Period: period,
      Stat: 'Sum',
    },
    ReturnData: true,
  };
}

/**
 * SUM of each query's metric over the window (GetMetricData in 5-minute
 * buckets, added up here), 500 queries per request, following NextToken.
 * Queries without data are absent from the map.
 */
export async function sumMetrics(
  client: CloudWatchClient,
  namespace: string,
  queries: readonly RateQuery[],
  window: RateWindow,
): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_REQUEST) {
    const batch = queries
      .slice(i, i + MAX_QUERIES_PER_REQUEST)
      .map((q) => toQuery(q, namespace, window.periodSeconds));
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: new Date(window.start),
          EndTime: new Date(window.end),
          NextToken,
        }),
      );
      for (const r of page.MetricDataResults ?? []) {
        const total = (r.Values ?? []).reduce((a, b) => a + b, 0);
        if (r.Id) sums.set(r.Id, (sums.get(r.Id) ?? 0) + total);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return sums;
}

/** The rates run's metric store on one CloudWatch client. */
export function cloudWatchRateMetrics(client: CloudWatchClient): RateMetrics {
  return {
    listDimensions: (namespace, metricName) =>
      listMetricDimensions(client, namespace, metricName),
    sum: (namespace, queries, window) =>
      sumMetrics(client, namespace, queries, window),
    publish: (points, namespace) => publishMetrics(client, points, namespace),
  };
}
