import { handleWebhook } from '../app/webhook/ingest';
import type { WebhookDeps, WebhookRequest } from '../app/webhook/types';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../contract/env';
import {
  ADVERSARIAL_CASES,
  type AdversarialCase,
  attackBody,
  plainBody,
} from './adversarial-bodies';
import { StubHandler } from './aws-stub';
import { cmcBody, DEFAULT_SEED, templates } from './corpus';
import { createRng } from './prng';
import { median, secondsSince } from './stats';
import { countingStdout } from './stdout-count';
import { benchDeps } from './webhook';

/** One attack at one size beside a plain body of the same size. */
export interface AdversarialRow {
  readonly name: string;
  readonly provider: string;
  readonly bytes: number;
  readonly attackStatus: number;
  readonly plainStatus: number;
  readonly batchStatus: number;
  /** Median seconds per request. */
  readonly attackSeconds: number;
  /** The same wrapper filled with `x`: almost nothing to parse. */
  readonly plainSeconds: number;
  /** A valid, authenticated batch of the same provider and size. */
  readonly batchSeconds: number;
}

const BLASTENGINE_EVENT =
  '{"event":{"type":"HARDERROR","datetime":"2026-03-14T11:31:10+09:00","detail":{"mailaddress":"to@example.jp","delivery_id":48213,"error_code":"550","error_message":"550 5.1.1 <to@example.jp>: Recipient address rejected","subject":"Your order has shipped"}}}';

/**
 * What the provider legitimately sends at about `bytes` bytes: a batch of
 * valid events (CMC from the bench corpus), so the attack is compared with
 * the work real traffic of its size causes.
 */
function batchBody(c: AdversarialCase, bytes: number): string {
  if (c.provider === 'blastengine') {
    const k = Math.max(
      1,
      Math.floor(bytes / (Buffer.byteLength(BLASTENGINE_EVENT) + 1)),
    );
    return `{"events":[${Array(k).fill(BLASTENGINE_EVENT).join(',')}]}`;
  }
  // Events vary in length: scale the count until the batch fits in `bytes`
  // (a batch over the body limit would only measure a 413). Bytes, not
  // characters: CMC subjects are Japanese, three UTF-8 bytes a character.
  const batch = (k: number) =>
    cmcBody(createRng(DEFAULT_SEED), templates(), 'deliveries', k).body;
  let k = 100;
  let body = batch(k);
  for (let i = 0; i < 4; i++) {
    k = Math.max(1, Math.floor((k * bytes * 0.98) / Buffer.byteLength(body)));
    body = batch(k);
  }
  return body;
}

const BLASTENGINE_TOKEN = 'bench-token';

const request = (c: AdversarialCase, body: string): WebhookRequest => ({
  provider: c.provider,
  pathToken: c.provider === 'blastengine' ? BLASTENGINE_TOKEN : undefined,
  headers: { 'content-type': c.contentType },
  body,
  isBase64Encoded: false,
  sourceIp: '203.0.113.10',
  requestId: 'bench-adversarial',
});

async function timed(
  deps: WebhookDeps,
  req: WebhookRequest,
): Promise<{ seconds: number; status: number }> {
  const t0 = process.hrtime.bigint();
  const res = await handleWebhook(req, deps);
  return { seconds: secondsSince(t0), status: res.statusCode };
}

/**
 * Each adversarial body (bench/adversarial-bodies.ts), its `x`-filled twin
 * and a valid batch of the same size through handleWebhook, the pipeline `serve` and the Lambda
 * run, with the Lambda's sink and stores (SDK clients stubbed). The three
 * alternate within each repetition, so load affects them alike.
 */
export async function measureAdversarial(opts: {
  readonly sizes: readonly number[];
  readonly repetitions: number;
  readonly onProgress?: (line: string) => void;
}): Promise<AdversarialRow[]> {
  // The handler writes its EMF lines to stdout, as in a Lambda.
  return (await countingStdout(() => adversarialRows(opts))).value;
}

async function adversarialRows(opts: {
  readonly sizes: readonly number[];
  readonly repetitions: number;
  readonly onProgress?: (line: string) => void;
}): Promise<AdversarialRow[]> {
  const base = benchDeps(new StubHandler());
  // The body limit the deployed webhook and `serve` enforce.
  const deps: WebhookDeps = {
    ...base,
    config: { ...base.config, maxBodyBytes: WEBHOOK_BODY_LIMIT_BYTES },
  };
  const rows: AdversarialRow[] = [];
  for (const c of ADVERSARIAL_CASES) {
    for (const size of opts.sizes) {
      const attack = request(c, attackBody(c, size));
      const plain = request(c, plainBody(c, size));
      const batch = {
        ...request(c, batchBody(c, size)),
        headers: { 'content-type': 'application/json' },
      };
      for (const r of [attack, plain, batch]) await timed(deps, r); // warm-up
      const a: number[] = [];
      const p: number[] = [];
      const b: number[] = [];
      let statuses = { attack: 0, plain: 0, batch: 0 };
      for (let rep = 0; rep < opts.repetitions; rep++) {
        const ra = await timed(deps, attack);
        const rp = await timed(deps, plain);
        const rb = await timed(deps, batch);
        a.push(ra.seconds);
        p.push(rp.seconds);
        b.push(rb.seconds);
        statuses = { attack: ra.status, plain: rp.status, batch: rb.status };
      }
      opts.onProgress?.(`adversarial: ${c.name} at ${size} bytes`);
      rows.push({
        name: c.name,
        provider: c.provider,
        bytes: Buffer.byteLength(attack.body),
        attackStatus: statuses.attack,
        plainStatus: statuses.plain,
        batchStatus: statuses.batch,
        attackSeconds: median(a),
        plainSeconds: median(p),
        batchSeconds: median(b),
      });
    }
  }
  return rows;
}
