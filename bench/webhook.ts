import { createHmac } from 'node:crypto';
import { createDynamoReplayCache } from '../adapters/aws/dynamo-replay-cache';
import { emfPublisher } from '../adapters/aws/emf-metrics';
import { FirehoseSink } from '../adapters/aws/firehose-sink';
import { handleWebhook } from '../app/webhook/ingest';
import type { WebhookDeps, WebhookRequest } from '../app/webhook/types';
import { StubHandler, type StubStats, stubClients } from './aws-stub';
import { CMC_API_KEY, cmcBody, templates } from './corpus';
import { createRng } from './prng';
import { median, timePerCall } from './stats';
import { countingStdout } from './stdout-count';
import { renderItem } from './vary';

/** One end-to-end webhook scenario beside its JSON round-trip baseline. */
export interface WebhookRow {
  readonly scenario: string;
  readonly requests: number;
  readonly events: number;
  readonly bytes: number;
  /** Median seconds for all `requests`, handler and baseline. */
  readonly handlerSeconds: number;
  readonly baselineSeconds: number;
  /** What reached the (stubbed) network in one instrumented run. */
  readonly stub: StubStats;
  /** Embedded Metric Format bytes written to stdout, per request. */
  readonly emfBytesPerRequest: number;
}

const SIGNING_KEY = 'bench-mailgun-signing-key';

/**
 * handleWebhook's dependencies as the Lambda wires them (real FirehoseSink,
 * DynamoDB replay cache, EMF metrics on stdout), SDK clients stubbed. Run
 * it inside {@link countingStdout}, or the EMF lines print.
 */
export function benchDeps(stub: StubHandler): WebhookDeps {
  const c = stubClients(stub);
  return {
    sink: new FirehoseSink({
      firehose: c.firehose,
      s3: c.s3,
      eventsStream: 'bench-events',
      rawStream: 'bench-raw',
      bucket: 'bench-lake',
    }),
    secrets: async () => ({
      mailgunSigningKeys: [SIGNING_KEY],
      blastengineTokens: ['bench-token'],
      cmc: { apiKeys: [CMC_API_KEY] },
    }),
    replayCache: createDynamoReplayCache(c.dynamoDb, 'bench-replay'),
    publish: emfPublisher(),
    now: () => new Date(),
    config: {
      toleranceSeconds: 300,
      maxBodyBytes: 6_000_000,
      timezone: 'Asia/Tokyo',
      allowedIps: [],
      metricDimensions: ['Provider', 'SendingDomain'],
    },
  };
}

const request = (
  provider: 'cmc' | 'mailgun',
  body: string,
  i: number,
): WebhookRequest => ({
  provider,
  headers: { 'content-type': 'application/json' },
  body,
  isBase64Encoded: false,
  sourceIp: '203.0.113.10',
  requestId: `bench-${i}`,
});

/** Mailgun bodies signed now, each with its own token (no replays). */
function mailgunBodies(n: number, seed: number): string[] {
  const rng = createRng(seed);
  const pool = templates().mailgun;
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: n }, (_, i) => {
    const item = JSON.parse(renderItem(rng.pick(pool).compiled, rng));
    const token = `${seed}-${i}-${rng.int(0, 1e9)}`.padEnd(50, '0');
    const signature = createHmac('sha256', SIGNING_KEY)
      .update(timestamp + token)
      .digest('hex');
    return JSON.stringify({
      ...item,
      signature: { timestamp, token, signature },
    });
  });
}

async function timeRequests(d: WebhookDeps, reqs: readonly WebhookRequest[]) {
  const t0 = process.hrtime.bigint();
  for (const r of reqs) {
    const res = await handleWebhook(r, d);
    if (res.statusCode !== 200)
      throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

let sink = 0;
/** JSON round trip of every body, repeated until the clock can see it. */
const timeBaseline = (bodies: readonly string[]): number =>
  timePerCall(() => {
    for (const b of bodies) sink += JSON.stringify(JSON.parse(b)).length;
  });

async function scenario(
  name: string,
  make: (rep: number) => { reqs: WebhookRequest[]; events: number },
  repetitions: number,
): Promise<WebhookRow> {
  const stub = new StubHandler();
  const d = benchDeps(stub);
  await countingStdout(() => timeRequests(d, make(-1).reqs)); // warm-up
  stub.inspect = true;
  const checked = make(-2);
  const emf = await countingStdout(() => timeRequests(d, checked.reqs));
  stub.inspect = false;
  const handler: number[] = [];
  const baseline: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const { reqs } = make(rep);
    baseline.push(timeBaseline(reqs.map((r) => r.body)));
    handler.push((await countingStdout(() => timeRequests(d, reqs))).value);
  }
  return {
    scenario: name,
    requests: checked.reqs.length,
    events: checked.events,
    bytes: checked.reqs.reduce((n, r) => n + Buffer.byteLength(r.body), 0),
    handlerSeconds: median(handler),
    baselineSeconds: median(baseline),
    stub: stub.stats,
    emfBytesPerRequest: emf.bytes / checked.reqs.length,
  };
}

/**
 * handleWebhook end to end into the real FirehoseSink (and the real DynamoDB
 * replay cache and EMF metrics), every SDK client stubbed only at
 * the network edge: one 10,000-event CMC batch, then single Mailgun events.
 */
export async function measureWebhook(opts: {
  readonly repetitions: number;
  readonly cmcBatch: number;
  readonly mailgunRequests: number;
  readonly seed: number;
}): Promise<WebhookRow[]> {
  const cmc = await scenario(
    `CMC batch, ${opts.cmcBatch.toLocaleString('en-US')} events`,
    (rep) => {
      const { body, events } = cmcBody(
        createRng(opts.seed + rep),
        templates(),
        'deliveries',
        opts.cmcBatch,
      );
      return { reqs: [request('cmc', body, rep)], events };
    },
    opts.repetitions,
  );
  const mailgun = await scenario(
    `Mailgun, ${opts.mailgunRequests.toLocaleString('en-US')} single-event requests`,
    (rep) => ({
      reqs: mailgunBodies(opts.mailgunRequests, opts.seed + 100 + rep).map(
        (b, i) => request('mailgun', b, i),
      ),
      events: opts.mailgunRequests,
    }),
    opts.repetitions,
  );
  if (sink < 0) console.log(sink);
  return [cmc, mailgun];
}
