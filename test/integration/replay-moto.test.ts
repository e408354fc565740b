import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWS_ENDPOINT_ENV } from '../../adapters/aws/client-config';
import { replayLocal } from '../../cli/commands/replay';
import { pseudonymizeRecipient } from '../../core/privacy';
import type { RawRecord } from '../../core/raw-record';
import { normalizeRawRecord } from '../../core/raw-replay';
import type { EmailEvent } from '../../core/schema';
import { memoryIo } from '../helpers/cli-io';
import {
  MOTO_REGION,
  MotoBucket,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';
import { mailgunItem, mailgunWebhook } from '../helpers/paired-payloads';

const suffix = uniqueSuffix();
const BUCKET = `mailtrail-replay-it-${suffix}`;
const endpoint = motoEndpoint();
const lake = new MotoBucket(endpoint, BUCKET);
const KEY = 'k'.repeat(32);
const KEY_SECRET = `mailtrail/it/${suffix}/recipient-key`;
const DAY = '2026-03-14';

function raw(id: string, dt = DAY): RawRecord {
  return {
    kind: 'raw',
    provider: 'mailgun',
    received_at: `${dt}T02:20:01.000Z`,
    source: 'webhook',
    reason: null,
    content_type: 'application/json',
    body: JSON.stringify(
      mailgunWebhook(mailgunItem(id, 'delivered', 1773454200)),
    ),
    body_encoding: 'utf8',
    request_id: `it-${id}`,
  };
}

const ndjson = (lines: readonly string[]) =>
  gzipSync(lines.map((l) => `${l}\n`).join(''));

// What the raw stream and the pipeline write: Firehose gzip objects, an
// oversize record as its own object, a rejected payload, another day.
const OBJECTS: Record<string, Buffer> = {
  [`raw/provider=mailgun/dt=${DAY}/mailtrail-raw-1-${DAY}-a.gz`]: ndjson([
    JSON.stringify(raw('evt-1')),
    '{"kind":"raw","provider":"mailgun"', // truncated: fails, replay goes on
    JSON.stringify(raw('evt-2')),
  ]),
  [`raw/provider=mailgun/dt=${DAY}/oversize-b.ndjson.gz`]: ndjson([
    JSON.stringify(raw('evt-3')),
  ]),
  'raw/provider=mailgun/dt=2026-03-20/mailtrail-raw-1-c.gz': ndjson([
    JSON.stringify(raw('evt-late', '2026-03-20')),
  ]),
  [`rejected/provider=mailgun/dt=${DAY}/mailtrail-raw-1-d.gz`]: ndjson([
    JSON.stringify({ ...raw('evt-rejected'), kind: 'rejected' }),
  ]),
};

const expectedIds = ['evt-1', 'evt-2', 'evt-3']
  .flatMap((id) =>
    normalizeRawRecord(raw(id), { receivedAt: new Date().toISOString() }),
  )
  .map((e) => e.event_id)
  .sort();

async function snapshot(prefix: string) {
  const out: Record<string, string> = {};
  for (const key of await lake.keysUnder(prefix)) {
    out[key] = createHash('sha256')
      .update(await lake.bodyOf(key))
      .digest('hex');
  }
  return out;
}

async function delivered(prefix: string): Promise<EmailEvent[]> {
  return (await lake.deliveredText(prefix))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EmailEvent);
}

async function replay(...args: string[]) {
  const io = memoryIo({
    [AWS_ENDPOINT_ENV]: endpoint,
    AWS_REGION: MOTO_REGION,
  });
  const code = await replayLocal(
    ['--bucket', BUCKET, '--from', DAY, '--to', DAY, ...args],
    io,
  );
  return { code, stdout: io.out(), stderr: io.err() };
}

beforeAll(async () => {
  await lake.create();
  await lake.createStream(`hashed-${suffix}`, 'events-hashed/');
  await lake.createStream(`plain-${suffix}`, 'events-plain/');
  for (const [Key, Body] of Object.entries(OBJECTS)) {
    await lake.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  }
  await new SecretsManagerClient(motoConfig(endpoint)).send(
    new CreateSecretCommand({ Name: KEY_SECRET, SecretString: KEY }),
  );
});

describe('mailtrail replay --bucket against moto (S3 + Firehose)', () => {
  it('re-derives the range’s raw records into the events stream, recipients hashed', async () => {
    const before = await snapshot('');
    const { code, stdout } = await replay(
      '--stream',
      `hashed-${suffix}`,
      '--recipients',
      'hashed',
      '--key-secret',
      KEY_SECRET,
    );
    // One truncated record failed: listed by key and line, exit 1.
    expect(code).toBe(1);
    expect(stdout).toContain('raw objects  2');
    expect(stdout).toContain('raw records  4');
    expect(stdout).toContain(
      `events       3; 3 events written to firehose hashed-${suffix}, recipients hashed`,
    );
    expect(stdout).toContain(
      `raw/provider=mailgun/dt=${DAY}/mailtrail-raw-1-${DAY}-a.gz#2`,
    );
    const events = await delivered('events-hashed/');
    expect(events.map((e) => e.event_id).sort()).toStrictEqual(expectedIds);
    const hashed = pseudonymizeRecipient('hanako.yamada@example.com', KEY);
    expect(events.map((e) => e.recipient)).toStrictEqual([
      hashed,
      hashed,
      hashed,
    ]);
    expect(JSON.stringify(events)).not.toContain('hanako.yamada@');
    // Nothing under raw/ (or anywhere else in the bucket) was written.
    const after = await snapshot('');
    const newKeys = Object.keys(after).filter((k) => !(k in before));
    expect(newKeys.every((k) => k.startsWith('events-hashed/'))).toBe(true);
    for (const [key, digest] of Object.entries(before)) {
      expect(after[key]).toBe(digest);
    }
  });

  it('writes plain recipients when the deployment keeps them, and nothing on a dry run', async () => {
    const dry = await replay(
      '--stream',
      `plain-${suffix}`,
      '--recipients',
      'plain',
      '--dry-run',
    );
    expect(dry.stdout).toContain('nothing written (dry run)');
    expect(await lake.keysUnder('events-plain/')).toStrictEqual([]);
    const { stdout } = await replay(
      '--stream',
      `plain-${suffix}`,
      '--recipients',
      'plain',
    );
    expect(stdout).toContain(`3 events written to firehose plain-${suffix}`);
    const events = await delivered('events-plain/');
    expect(events.map((e) => e.recipient)).toStrictEqual([
      'hanako.yamada@example.com',
      'hanako.yamada@example.com',
      'hanako.yamada@example.com',
    ]);
  });

  it('fails before writing when the key secret cannot be read', async () => {
    await expect(
      replay(
        '--stream',
        `hashed-${suffix}`,
        '--recipients',
        'hashed',
        '--key-secret',
        `mailtrail/it/${suffix}/missing`,
      ),
    ).rejects.toThrow(/Secrets Manager can't find|ResourceNotFound/);
  });
});
