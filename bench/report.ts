import type { AdversarialRow } from './adversarial';
import type { BundleRow } from './bundles';
import type { RssRow } from './rss';
import type { ThroughputRow } from './throughput';
import type { WebhookRow } from './webhook';

/** Target of the normalizer/baseline throughput ratio. */
export const RATIO_TARGET = 0.5;
/** Target size of the webhook bundle, bytes (minified). */
export const WEBHOOK_BUNDLE_TARGET = 250 * 1024;
/** Events per Firehose record the JSON de-aggregation processes (AWS quota). */
export const DEAGGREGATION_CAP = 500;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const mb = (bytes: number) => fixed(bytes / 1e6, 1);
const kb = (bytes: number) => int(bytes / 1024);
const mark = (ok: boolean) => (ok ? 'ok' : 'MISS');

/** Left-aligned first column, right-aligned numbers, a rule under the header. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** Normalizer throughput per provider beside the JSON round trip. */
export function throughputTable(rows: readonly ThroughputRow[]): string {
  return renderTable(
    [
      'provider',
      'payloads',
      'events',
      'MB',
      'norm ev/s',
      'norm MB/s',
      'base ev/s',
      'base MB/s',
      'ratio',
      `≥ ${RATIO_TARGET}`,
    ],
    rows.map((r) => {
      const ratio = r.baselineSeconds / r.normalizeSeconds;
      return [
        r.provider,
        int(r.payloads),
        int(r.events),
        mb(r.bytes),
        int(r.events / r.normalizeSeconds),
        fixed(r.bytes / 1e6 / r.normalizeSeconds),
        int(r.events / r.baselineSeconds),
        fixed(r.bytes / 1e6 / r.baselineSeconds),
        fixed(ratio, 2),
        mark(ratio >= RATIO_TARGET),
      ];
    }),
  );
}

/** What the throughput table's rows say per event, in µs. */
export interface FloorFigures {
  readonly base: number;
  readonly norm: number;
  readonly floor: number;
  readonly parse: number;
  readonly id: number;
  readonly serialize: number;
  /** The best ratio a normalizer with this output can reach: base ÷ floor. */
  readonly floorRatio: number;
  /** What normalizing costs above the floor today: norm − floor. */
  readonly logic: number;
  /** What it may cost for the target: base ÷ target − floor (< 0: nothing meets it). */
  readonly room: number;
  /** The events serialized in the compact format (short keys, no nulls) instead. */
  readonly compact: number;
  /** The room if the sink wrote the compact format. */
  readonly roomCompact: number;
  /** The room with the compact format and an id that cost nothing. */
  readonly roomCompactNoId: number;
}

/** Per-event figures of one throughput row. */
export function floorFigures(r: ThroughputRow): FloorFigures {
  const us = (seconds: number) => (seconds / r.events) * 1e6;
  return {
    base: us(r.baselineSeconds),
    norm: us(r.normalizeSeconds),
    floor: us(r.floorSeconds),
    parse: us(r.floorParts.parse),
    id: us(r.floorParts.id),
    serialize: us(r.floorParts.serialize),
    floorRatio: r.baselineSeconds / r.floorSeconds,
    logic: us(r.normalizeSeconds - r.floorSeconds),
    room: us(r.baselineSeconds / RATIO_TARGET - r.floorSeconds),
    compact: us(r.floorParts.compact),
    roomCompact: us(
      r.baselineSeconds / RATIO_TARGET -
        r.floorSeconds +
        r.floorParts.serialize -
        r.floorParts.compact,
    ),
    roomCompactNoId: us(
      r.baselineSeconds / RATIO_TARGET -
        r.floorParts.parse -
        r.floorParts.compact,
    ),
  };
}

/**
 * The floor beside the baseline and the normalizer, µs per event: what any
 * normalizer with this output must spend, what normalizing adds today, and
 * what it may add for the target; then the same room if the sink wrote a
 * compact format, and if the event id also cost nothing.
 */
export function floorTable(rows: readonly ThroughputRow[]): string {
  return renderTable(
    [
      'provider',
      'base',
      'norm',
      'floor',
      '= parse',
      '+ id',
      '+ serialize',
      'floor ratio',
      'logic now',
      `room for ${RATIO_TARGET}`,
      'compact serialize',
      'room, compact',
      'room, compact, no id',
    ],
    rows.map((r) => {
      const f = floorFigures(r);
      const columns = [
        f.base,
        f.norm,
        f.floor,
        f.parse,
        f.id,
        f.serialize,
        f.floorRatio,
        f.logic,
        f.room,
        f.compact,
        f.roomCompact,
        f.roomCompactNoId,
      ];
      return [r.provider, ...columns.map((x) => fixed(x, 2))];
    }),
  );
}

const MODE_LABEL: Record<RssRow['mode'], string> = {
  normalize: 'normalizeInput',
  baseline: 'baseline JSON',
  cli: 'mailtrail normalize FILE.ndjson',
};

/** Peak RSS per mode and corpus size, each from a fresh process. */
export function rssTable(rows: readonly RssRow[]): string {
  return renderTable(
    [
      'mode',
      'events',
      'input MB',
      'start RSS MB',
      'peak RSS MB (sampled)',
      'maxRSS MB (kernel)',
      'heap after GC MB: start → end',
    ],
    rows.map((r) => [
      MODE_LABEL[r.mode],
      int(r.events),
      r.inputBytes === undefined ? '' : mb(r.inputBytes),
      mb(r.startRss),
      mb(r.peakRss),
      mb(r.maxRss),
      `${mb(r.startHeap)} → ${mb(r.endHeap)}`,
    ]),
  );
}

/** End-to-end webhook handling beside the JSON round trip of the bodies. */
export function webhookTable(rows: readonly WebhookRow[]): string {
  return renderTable(
    [
      'scenario',
      'body MB',
      'handler ms/req',
      'handler ev/s',
      'base ms/req',
      'base ev/s',
      'ratio',
      'Firehose calls',
      'records',
      `max ev/record (cap ${DEAGGREGATION_CAP})`,
      'EMF B/req',
    ],
    rows.map((r) => [
      r.scenario,
      fixed(r.bytes / 1e6, 2),
      fixed((r.handlerSeconds * 1000) / r.requests, 2),
      int(r.events / r.handlerSeconds),
      fixed((r.baselineSeconds * 1000) / r.requests, 3),
      int(r.events / r.baselineSeconds),
      fixed(r.baselineSeconds / r.handlerSeconds, 3),
      int(r.stub.calls.PutRecordBatch ?? 0),
      int(r.stub.putRecordBatchRecords),
      `${int(r.stub.maxEventsPerRecord)} ${mark(r.stub.maxEventsPerRecord <= DEAGGREGATION_CAP)}`,
      int(r.emfBytesPerRequest),
    ]),
  );
}

/** Largest attack/plain time ratio still called "near 1". */
export const ADVERSARIAL_RATIO_LIMIT = 2;

/**
 * Each attack's handling time beside a valid batch of the same provider and
 * size (ratio) and beside its `x`-filled twin (what parsing nothing costs).
 */
export function adversarialTable(rows: readonly AdversarialRow[]): string {
  return renderTable(
    [
      'attack',
      'provider',
      'body KiB',
      'status atk/x/batch',
      'attack ms',
      'x-fill ms',
      'batch ms',
      'ratio atk/batch',
      `≤ ${ADVERSARIAL_RATIO_LIMIT}`,
    ],
    rows.map((r) => {
      const ratio = r.attackSeconds / r.batchSeconds;
      return [
        r.name,
        r.provider,
        kb(r.bytes),
        `${r.attackStatus}/${r.plainStatus}/${r.batchStatus}`,
        fixed(r.attackSeconds * 1000, 2),
        fixed(r.plainSeconds * 1000, 2),
        fixed(r.batchSeconds * 1000, 2),
        fixed(ratio, 2),
        mark(ratio <= ADVERSARIAL_RATIO_LIMIT),
      ];
    }),
  );
}

/** Bundle sizes (both SDK placements) and cold import beside an empty module. */
export function bundleTable(rows: readonly BundleRow[]): string {
  return renderTable(
    [
      'handler',
      'SDK bundled KiB (gz)',
      'SDK external KiB (gz)',
      '≤ 250 KiB',
      'import ms bundled',
      'import ms external',
      'import ms empty',
    ],
    rows.map((r) => [
      r.handler,
      `${kb(r.bundledBytes)} (${kb(r.bundledGzipBytes)})`,
      `${kb(r.externalBytes)} (${kb(r.externalGzipBytes)})`,
      r.handler === 'webhook'
        ? `${mark(r.bundledBytes <= WEBHOOK_BUNDLE_TARGET)} / ${mark(r.externalBytes <= WEBHOOK_BUNDLE_TARGET)}`
        : '—',
      int(r.bundledImportMs),
      int(r.externalImportMs),
      int(r.baselineImportMs),
    ]),
  );
}
