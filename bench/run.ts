/**
 * `npm run bench [-- --quick | --events N] [--json] [--only a,b]`: every
 * figure beside a baseline measured in the same run (docs/performance.md).
 * Sections: throughput, rss, webhook, bundles, storage, cost, adversarial.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../contract/env';
import { PIPELINE_BUNDLING } from '../lib/constructs/pipeline-function';
import { measureAdversarial } from './adversarial';
import { measureBundles } from './bundles';
import { DEFAULT_SEED } from './corpus';
import { costTable } from './cost';
import { deployedNormalizeInput } from './deployed';
import {
  adversarialTable,
  bundleTable,
  floorTable,
  renderTable,
  rssTable,
  throughputTable,
  webhookTable,
} from './report';
import { measureRss } from './rss';
import { secondsSince, timerResolutionMs } from './stats';
import { measureStorage } from './storage';
import { measureThroughput } from './throughput';
import { measureWebhook } from './webhook';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.bench');
const SECTIONS = [
  'throughput',
  'rss',
  'webhook',
  'bundles',
  'storage',
  'cost',
  'adversarial',
] as const;

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    repetitions: { type: 'string' },
    only: { type: 'string' },
  },
});
const events = Number(values.events ?? (values.quick ? 50_000 : 1_000_000));
const seed = Number(values.seed);
const reps = Number(values.repetitions ?? (values.quick ? 3 : 3));
if (!Number.isInteger(events) || events < 1000)
  throw new Error('--events must be an integer ≥ 1000');
const only = new Set(values.only ? values.only.split(',') : SECTIONS);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const machine = {
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
  loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  timerResolutionMs: timerResolutionMs(),
};
const started = process.hrtime.bigint();
const results: Record<string, unknown> = {
  machine,
  options: { events, seed, repetitions: reps, quick: values.quick },
};
const out: string[] = [
  `mailtrail bench — ${new Date().toISOString()}`,
  `node ${machine.node} · ${machine.platform} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · load ${machine.loadAverageAtStart.join(' ')} · timer step ${machine.timerResolutionMs} ms`,
  `corpus: ${events.toLocaleString('en-US')} events, seed ${seed}, ${reps} repetitions (median reported)`,
];
const section = (title: string, body: string, note: string) => {
  out.push('', `## ${title}`, body, note);
  process.stdout.write(`\n## ${title}\n${body}\n${note}\n`);
};
process.stdout.write(`${out.join('\n')}\n`);

if (only.has('throughput')) {
  const rows = measureThroughput({
    events,
    seed,
    repetitions: reps,
    warmupEvents: Math.min(20_000, events / 10),
    normalize: await deployedNormalizeInput(ROOT),
    onProgress: progress,
  });
  results.throughput = rows;
  section(
    'Normalizer throughput',
    throughputTable(rows),
    'norm = core/normalize-input.ts bundled as the Lambdas ship it (PIPELINE_BUNDLING, .bench/deployed/), normalizeInput(provider, body) (envelope detection + JSON.parse + NORMALIZERS[provider]) + JSON.stringify of each canonical event, as the sink writes it; base = every JSON layer of the same bodies parsed (SNS Message strings, base64 Firehose data, JSON form fields) and each innermost document JSON.stringify-ed (bench/baseline.ts); ratio = norm ev/s ÷ base ev/s.',
  );
  section(
    'Normalizer floor, µs per event',
    floorTable(rows),
    'floor = what any normalizer producing these canonical events must do, timed in the same run over the same payloads: every JSON layer parsed as the baseline parses it, one event id digest per event (core/event-id.ts, SHA-256) and JSON.stringify of each event (the events are made untimed, 64 KB of payloads at a time, and serialized while still in cache); floor ratio = base ÷ floor, the best ratio reachable without changing the event id or the sink format; logic now = norm − floor; room = base ÷ 0.5 − floor, what normalizing may cost to meet the target (negative: nothing can). compact serialize = the same events with one-letter keys and no null fields (a format the sink does not write; the OpenX JSON SerDe could map the keys back with ColumnToJsonKeyMappings); room, compact = the room if the sink wrote it; room, compact, no id = and if the event id cost nothing (a different id scheme).',
  );
}
if (only.has('rss')) {
  const rows = measureRss([Math.round(events / 10), events], seed, progress);
  results.rss = rows;
  section(
    'Peak memory, streaming the corpus',
    rssTable(rows),
    'Each row is a fresh `node --expose-gc --import tsx` process (tsx included in every row). Streaming holds no corpus: the heap after GC stays where it started at both sizes; peak RSS is V8 letting garbage accumulate before collecting. `mailtrail normalize FILE.ndjson` runs the CLI in-process over the JSON payloads of the same corpus written one per line (input MB is the file): memory stays flat while the input grows tenfold.',
  );
}
if (only.has('webhook')) {
  const rows = await measureWebhook({
    repetitions: reps,
    cmcBatch: 10_000,
    mailgunRequests: values.quick ? 200 : 1000,
    seed,
  });
  results.webhook = rows;
  section(
    'Webhook handler, end to end to the sink',
    webhookTable(rows),
    "app/webhook/ingest.ts handleWebhook → real FirehoseSink, DynamoDB replay cache, EMF metric lines (Powertools Metrics, stdout counted, not printed); SDK clients stubbed at the requestHandler (serialization, SigV4, chunking run). base = JSON round trip of the same bodies. EMF B/req = metric log bytes per request, the cost model's emfBytesPerInvocation.",
  );
}
if (only.has('bundles')) {
  const rows = await measureBundles(
    ROOT,
    join(OUT, 'bundles'),
    values.quick ? 5 : 10,
    progress,
  );
  results.bundles = rows;
  section(
    'Lambda bundles and cold import',
    bundleTable(rows),
    `esbuild with PIPELINE_BUNDLING (lib/constructs/pipeline-function.ts); import = median wall time of \`node -e "import('./index.mjs')"\` with NODE_OPTIONS=--enable-source-maps on this machine's node ${process.version} (bundles target ${PIPELINE_BUNDLING.target}, the Lambda runtime, on arm64).`,
  );
}
if (only.has('cost')) {
  const c = costTable();
  results.cost = c.rows;
  section(
    'Monthly AWS bill before and after issue 13 (mailtrail cost model)',
    c.text,
    'core/cost estimateCost, us-east-1, all four providers, always-free tiers applied; +1M = marginal cost at list price at 10M events/month; floor = the bill at 0 events. Before = PutMetricData per invocation, X-Ray active, SES via SNS, 5 domains with every count.',
  );
}
if (only.has('storage')) {
  const s = await measureStorage(
    Math.min(events, 100_000),
    seed,
    join(OUT, 'storage-tmp'),
  );
  results.storage = s;
  const per = (b: number) => (b / s.events).toFixed(0);
  section(
    'Bytes per event in the lake',
    renderTable(
      ['form', 'bytes/event', 'vs payload'],
      [
        ['provider payload (baseline)', per(s.payloadBytes), '1.00'],
        [
          'canonical NDJSON (events stream input)',
          per(s.canonicalBytes),
          (s.canonicalBytes / s.payloadBytes).toFixed(2),
        ],
        [
          'canonical NDJSON, gzip',
          per(s.canonicalGzipBytes),
          (s.canonicalGzipBytes / s.payloadBytes).toFixed(2),
        ],
        [
          'Parquet GZIP, as the lake writes it (DuckDB, one file)',
          per(s.parquetBytes),
          (s.parquetBytes / s.payloadBytes).toFixed(2),
        ],
        [
          'Parquet SNAPPY (the other codec, for comparison)',
          per(s.parquetSnappyBytes),
          (s.parquetSnappyBytes / s.payloadBytes).toFixed(2),
        ],
        [
          'raw/ RawRecord NDJSON, gzip',
          per(s.rawRecordGzipBytes),
          (s.rawRecordGzipBytes / s.payloadBytes).toFixed(2),
        ],
      ],
    ),
    `${s.events.toLocaleString('en-US')} events. Firehose writes one Parquet file per partition and flush, so real files are smaller and compress somewhat worse.`,
  );
}
if (only.has('adversarial')) {
  // Up to the webhook's body limit (what the Lambda and `serve` accept).
  const limit = WEBHOOK_BODY_LIMIT_BYTES;
  const rows = await measureAdversarial({
    sizes: values.quick
      ? [64 * 1024, 1024 * 1024]
      : [64 * 1024, 1024 * 1024, limit - 64 * 1024],
    repetitions: Math.max(reps, 5),
    onProgress: progress,
  });
  results.adversarial = rows;
  section(
    'Adversarial bodies beside plain bodies of the same size',
    adversarialTable(rows),
    'app/webhook/ingest.ts handleWebhook (the pipeline `serve` runs too) → real FirehoseSink, SDK clients stubbed. Each attack (bench/adversarial-bodies.ts), its x-filled twin, and a valid authenticated batch of the same provider and size (plain body), alternating; median ms per request. ratio = attack ÷ batch: an attack costs no more than real traffic of its size, at every size up to the limit.',
  );
}

const seconds = secondsSince(started);
results.durationSeconds = Number(seconds.toFixed(1));
results.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
process.stdout.write(
  `\ntotal ${seconds.toFixed(0)} s · load at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
if (values.json) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    join(OUT, 'results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  progress(`wrote ${join(OUT, 'results.json')}`);
}
