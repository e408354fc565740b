import { PROVIDERS, type Provider } from '../core/schema';
import { createRng, deriveSeed, type Rng } from './prng';
import { loadTemplates, type Template, type Templates } from './templates';
import { renderItem } from './vary';

/** One request or message exactly as the provider sends it. */
export interface CorpusPayload {
  readonly provider: Provider;
  /** Wire shape, e.g. 'sns-lambda' or 'cmc-webhook'. */
  readonly shape: string;
  readonly body: string;
  readonly contentType: string;
  /** Canonical events the payload normalizes to. */
  readonly events: number;
}

/** What to generate; the same options always give the same bytes. */
export interface CorpusOptions {
  /** Canonical events in total (the corpus stops at or just past it). */
  readonly events: number;
  /** @default DEFAULT_SEED */
  readonly seed?: number;
  /** @default every provider, equal shares */
  readonly providers?: readonly Provider[];
}

/** The corpus seed used by `npm run bench`. */
export const DEFAULT_SEED = 20260314;
/** A CMC api_key the corpus puts in every body (and the bench configures). */
export const CMC_API_KEY = 'bench-cmc-api-key';
const JSON_TYPE = 'application/json';

type Built = Omit<CorpusPayload, 'provider'>;
type Builder = (rng: Rng, t: Templates, remaining: number) => Built;

/** Picks and varies `k` templates; returns the items and their event count. */
function items(rng: Rng, pool: readonly Template[], k: number) {
  const out: string[] = [];
  let events = 0;
  for (let i = 0; i < k; i++) {
    const t = rng.pick(pool);
    out.push(renderItem(t.compiled, rng));
    events += t.events;
  }
  return { out, events };
}

const batchSize = (rng: Rng, sizes: readonly number[], remaining: number) =>
  Math.max(1, Math.min(rng.pick(sizes), remaining));

const hex = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');

// SES: the raw event (an SNS Message), an SNS → Lambda event (always one
// record), or a Firehose transformation event of 1–50 records (docs/providers.md §1).
const buildSes: Builder = (rng, t, remaining) => {
  const roll = rng.next();
  if (roll < 0.8) {
    const { out, events } = items(rng, t.ses, 1);
    const message = out[0]!;
    if (roll < 0.5)
      return {
        shape: 'ses-raw',
        body: message,
        contentType: JSON_TYPE,
        events,
      };
    const sns = t.snsRecord.Sns as Record<string, unknown>;
    const record = {
      ...t.snsRecord,
      Sns: { ...sns, MessageId: hex(rng, 32), Message: message },
    };
    const body = JSON.stringify({ Records: [record] });
    return { shape: 'sns-lambda', body, contentType: JSON_TYPE, events };
  }
  const { out, events } = items(
    rng,
    t.ses,
    batchSize(rng, [1, 5, 20, 50], remaining),
  );
  const records = out.map((item) => ({
    recordId: hex(rng, 56),
    approximateArrivalTimestamp: 1_773_454_200_000 + rng.int(0, 86_400_000),
    data: Buffer.from(`${item}\n`).toString('base64'),
  }));
  const body = JSON.stringify({
    ...t.firehoseEvent,
    invocationId: hex(rng, 32),
    records,
  });
  return { shape: 'firehose-transform', body, contentType: JSON_TYPE, events };
};

// Mailgun posts one event per request (docs/providers.md §2).
const buildMailgun: Builder = (rng, t) => {
  const { out, events } = items(rng, t.mailgun, 1);
  return {
    shape: 'mailgun-webhook',
    body: out[0]!,
    contentType: JSON_TYPE,
    events,
  };
};

// blastengine batches several events per POST (docs/providers.md §3).
const buildBlastengine: Builder = (rng, t, remaining) => {
  const k = batchSize(rng, [1, 1, 1, 2, 3, 5, 10, 20], remaining);
  const { out, events } = items(rng, t.blastengine, k);
  const body = `{"events":[${out.join(',')}]}`;
  return { shape: 'blastengine-webhook', body, contentType: JSON_TYPE, events };
};

/** A CMC v2 webhook body of one event_type (docs/providers.md §4.1: ≤ 100 by default). */
export function cmcBody(rng: Rng, t: Templates, type: string, k: number) {
  const { out, events } = items(rng, t.cmc[type] ?? [], k);
  const head = JSON.stringify({
    api_key: CMC_API_KEY,
    server_composition: 'pro',
    event_type: type,
  });
  const body = `${head.slice(0, -1)},"event":{"${type}":[${out.join(',')}]}}`;
  return { body, events };
}

const buildCmc: Builder = (rng, t, remaining) => {
  const roll = rng.next();
  const type = roll < 0.7 ? 'deliveries' : roll < 0.9 ? 'bounces' : 'blocks';
  const k = batchSize(rng, [1, 2, 5, 10, 20, 50, 100], remaining);
  return {
    shape: 'cmc-webhook',
    contentType: JSON_TYPE,
    ...cmcBody(rng, t, type, k),
  };
};

const BUILDERS: Readonly<Record<Provider, Builder>> = {
  ses: buildSes,
  mailgun: buildMailgun,
  blastengine: buildBlastengine,
  cmc: buildCmc,
};

let cached: Templates | undefined;
/** Templates load once per process (fixtures are read and counted). */
export function templates(): Templates {
  cached ??= loadTemplates();
  return cached;
}

/**
 * One provider's share of the corpus, streamed: payloads until `events`
 * canonical events are reached. Seeded per provider, so a provider's stream
 * is the same alone or interleaved.
 */
export function* generateProviderCorpus(
  provider: Provider,
  events: number,
  seed: number = DEFAULT_SEED,
): Generator<CorpusPayload> {
  const rng = createRng(deriveSeed(seed, provider));
  const t = templates();
  let done = 0;
  while (done < events) {
    const built = BUILDERS[provider](rng, t, events - done);
    done += built.events;
    yield { provider, ...built };
  }
}

/**
 * The whole corpus, streamed (never held in memory): equal shares per
 * provider, interleaved so the mix is steady from the first payload.
 * @example for (const p of generateCorpus({ events: 50_000 })) use(p.body)
 */
export function* generateCorpus(opts: CorpusOptions): Generator<CorpusPayload> {
  const providers = opts.providers ?? PROVIDERS;
  const share = (i: number) =>
    Math.floor(opts.events / providers.length) +
    (i < opts.events % providers.length ? 1 : 0);
  const streams = providers.map((p, i) => ({
    quota: share(i),
    done: 0,
    it: generateProviderCorpus(p, share(i), opts.seed),
  }));
  for (;;) {
    let next: (typeof streams)[number] | undefined;
    for (const s of streams) {
      if (s.done >= s.quota) continue;
      if (!next || s.done / s.quota < next.done / next.quota) next = s;
    }
    if (!next) return;
    const r = next.it.next();
    if (r.done) {
      next.done = next.quota;
      continue;
    }
    next.done += r.value.events;
    yield r.value;
  }
}
