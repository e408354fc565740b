import type { MetricPoint } from './types';

function keyOf(p: MetricPoint): string {
  const dims = Object.keys(p.dimensions)
    .sort()
    .map((k) => [k, p.dimensions[k]]);
  return JSON.stringify([p.name, p.unit, p.timestamp ?? null, dims]);
}

/**
 * Sums `Count` points with the same name, dimensions, unit and timestamp into
 * one point, in first-seen order, so an invocation publishes one datum per
 * metric instead of one per event. Other units (gauges, rates) pass through.
 * @example mergePoints(onePointPerEvent) // countEvents' last step
 */
export function mergePoints(points: readonly MetricPoint[]): MetricPoint[] {
  const index = new Map<string, number>();
  const out: MetricPoint[] = [];
  for (const p of points) {
    const key = p.unit === 'Count' ? keyOf(p) : undefined;
    const at = key === undefined ? undefined : index.get(key);
    if (at === undefined) {
      if (key !== undefined) index.set(key, out.length);
      out.push(p);
    } else {
      const seen = out[at] as MetricPoint;
      out[at] = { ...seen, value: seen.value + p.value };
    }
  }
  return out;
}
