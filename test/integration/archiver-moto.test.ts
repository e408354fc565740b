import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ArchiveStore, S3CursorStore } from '../../adapters/aws/s3-stores';
import {
  CursorConflictError,
  ProviderHttpError,
} from '../../app/archive/errors';
import { type ArchiveEnv, runArchive } from '../../app/archive/run-archive';
import { addDays, localDate } from '../../core/archive/dates';
import {
  FAKE_CREDENTIALS,
  type FakeProviders,
  type FakeRequest,
  startFakeProviders,
} from '../helpers/fake-providers';
import { lambdaContext } from '../helpers/lambda-context';
import { MemorySink } from '../helpers/memory-sink';
import {
  MotoBucket,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';

const endpoint = motoEndpoint();
const secrets = new SecretsManagerClient(motoConfig(endpoint));
const suffix = uniqueSuffix();
const BUCKET = `mailtrail-archiver-it-${suffix}`;
const EVENTS_STREAM = `mailtrail-archiver-events-${suffix}`;
const RAW_STREAM = `mailtrail-archiver-raw-${suffix}`;
const CMC_SECRET = `it/${suffix}/cmc/api`;
const lake = new MotoBucket(endpoint, BUCKET);
const { s3 } = lake;
let fake: FakeProviders;

function s3Env(): ArchiveEnv {
  const noWait = async (): Promise<void> => {};
  return {
    store: new S3ArchiveStore(s3, BUCKET),
    cursors: new S3CursorStore(s3, BUCKET),
    sink: new MemorySink(),
    now: () => Date.parse('2026-03-16T00:00:00Z'),
    httpOptions: { sleep: noWait, baseDelayMs: 1 },
  };
}

beforeAll(async () => {
  fake = await startFakeProviders();
  await lake.create();
  await lake.createStream(EVENTS_STREAM, 'it-events/');
  await lake.createStream(RAW_STREAM, 'it-raw/');
  await secrets.send(
    new CreateSecretCommand({
      Name: CMC_SECRET,
      SecretString: JSON.stringify(FAKE_CREDENTIALS.cmc),
    }),
  );
});
afterAll(async () => {
  await fake.close();
});

describe('archive runner on S3 (moto) against the fake blastengine', () => {
  it('resumes after a failure on page 2 with no gap and no duplicate object', async () => {
    // Arrange
    const job = {
      provider: 'blastengine',
      credentials: FAKE_CREDENTIALS.blastengine,
      baseUrl: fake.blastengineUrl,
      reports: false,
    } as const;
    const onPage2 = (r: FakeRequest) =>
      r.path === '/be/logs/mails/results' && r.query.get('anchor') === '901203';
    fake.fail({ match: onPage2, status: 500, times: 5 });
    // Act
    const failed = runArchive(job, s3Env());
    await expect(failed).rejects.toBeInstanceOf(ProviderHttpError);
    const afterFailure = await lake.keysUnder('archive/blastengine/');
    const stuck = JSON.parse(
      await lake.textOf('archive/_cursors/blastengine.json'),
    );
    await runArchive(job, s3Env());
    await runArchive(job, s3Env());
    // Assert
    expect(afterFailure).toStrictEqual([
      'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.details.json.gz',
      'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.json.gz',
    ]);
    expect(stuck.walk).toStrictEqual({ top: 901205, anchor: 901203 });
    expect(await lake.keysUnder('archive/blastengine/')).toStrictEqual([
      'archive/blastengine/logs/dt=2026-03-14/anchor=901202-901201.json.gz',
      ...afterFailure,
    ]);
    const cursor = JSON.parse(
      await lake.textOf('archive/_cursors/blastengine.json'),
    );
    expect([cursor.highWater, cursor.walk]).toStrictEqual([901205, null]);
  });

  it('refuses to save a cursor over a newer version (If-Match)', async () => {
    // Arrange
    const store = new S3CursorStore(s3, BUCKET);
    const first = await store.save('it-conflict', { n: 1 }, null);
    await store.save('it-conflict', { n: 2 }, first);
    // Act / Assert: a stale ETag, then "create" over an existing cursor.
    await expect(
      store.save('it-conflict', { n: 3 }, first),
    ).rejects.toBeInstanceOf(CursorConflictError);
    await expect(
      store.save('it-conflict', { n: 4 }, null),
    ).rejects.toBeInstanceOf(CursorConflictError);
    expect(await store.load('it-conflict')).toMatchObject({ value: { n: 2 } });
  });
});

describe('archiver handler on moto', () => {
  it('archives CMC lists to S3 and sends their events through Firehose', async () => {
    // Arrange
    Object.assign(process.env, {
      MAILTRAIL_AWS_ENDPOINT: endpoint,
      MAILTRAIL_ARCHIVER_SECRET: CMC_SECRET,
      MAILTRAIL_ARCHIVER_BASE_URL: fake.cmcUrl,
      MAILTRAIL_LAKE_BUCKET: BUCKET,
      MAILTRAIL_EVENTS_STREAM: EVENTS_STREAM,
      MAILTRAIL_RAW_STREAM: RAW_STREAM,
      MAILTRAIL_CMC_SERVER_COMPOSITION: 'pro',
      MAILTRAIL_CMC_TIMEZONE: 'Asia/Tokyo',
      MAILTRAIL_CMC_ARCHIVE_LISTS: 'deliveries,bounces,blocks',
      MAILTRAIL_METRICS_NAMESPACE: `MailtrailArchiverIT${suffix}`,
    });
    const { handler } = await import('../../lambdas/archiver/handler');
    const day = addDays(localDate(Date.now(), 'Asia/Tokyo'), -1);
    // Act
    const summary = await handler({ provider: 'cmc' }, lambdaContext(900_000));
    // Assert
    expect(summary).toMatchObject({
      provider: 'cmc',
      outcome: 'complete',
      objects: 3,
      rows: 8,
      events: 8,
    });
    expect(await lake.keysUnder('archive/cmc/')).toStrictEqual([
      `archive/cmc/blocks/dt=${day}/p0000.json.gz`,
      `archive/cmc/bounces/dt=${day}/p0000.json.gz`,
      `archive/cmc/deliveries/dt=${day}/p0000.json.gz`,
    ]);
    expect(
      JSON.parse(await lake.textOf('archive/_cursors/cmc.json')),
    ).toStrictEqual({
      version: 1,
      lastDay: day,
      walk: null,
    });
    const delivered = await lake.textsUnder('it-events/');
    const events = delivered
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.provider, e.source])).toStrictEqual(
      Array(8).fill(['cmc', 'archive']),
    );
  });
});
