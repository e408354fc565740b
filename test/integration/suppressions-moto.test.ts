import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSuppressionStore } from '../../adapters/aws/dynamo-suppressions';
import { sesSuppressionTarget } from '../../adapters/aws/ses-suppression-target';
import { NO_LOG } from '../../app/log';
import { checkSuppression } from '../../app/suppressions/check';
import { pushSuppression } from '../../app/suppressions/push';
import { recordSuppressions } from '../../app/suppressions/record';
import { SUPPRESSION_KEY_ATTRIBUTE } from '../../contract/env';
import type { EmailEvent } from '../../core/schema';
import { motoConfig, motoEndpoint, uniqueSuffix } from '../helpers/moto';
import { type SesV2Shim, startSesV2Shim } from '../helpers/sesv2-shim';
import { at, ev } from '../helpers/suppression-events';

// DynamoDB: moto itself. SES v2 PutSuppressedDestination: moto 5.2.1 has no
// suppression-list routes, so the push goes to the local stand-in
// test/helpers/sesv2-shim.ts (which proxies everything else to moto).
const endpoint = motoEndpoint();
const TABLE = `mailtrail-suppressions-it-${uniqueSuffix()}`;
const dynamo = new DynamoDBClient(motoConfig(endpoint));
const store = new DynamoSuppressionStore(dynamo, TABLE);
let shim: SesV2Shim;

const e = (...args: Parameters<typeof ev>) => ev(...args) as EmailEvent;
const deps = {
  store,
  rules: {},
  publish: async () => {},
  log: NO_LOG,
};

beforeAll(async () => {
  shim = await startSesV2Shim(endpoint);
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: SUPPRESSION_KEY_ATTRIBUTE, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: SUPPRESSION_KEY_ATTRIBUTE, KeyType: 'HASH' },
      ],
    }),
  );
  const { Table } = await dynamo.send(
    new DescribeTableCommand({ TableName: TABLE }),
  );
  expect(Table?.TableStatus).toBe('ACTIVE');
});

afterAll(async () => {
  await shim?.close();
});

describe('the suppression table against moto DynamoDB', () => {
  it('records one entry per address; duplicates and deliveries change nothing', async () => {
    const bounce = e(1, 'bounced', at(1), {
      recipient: 'Ada@Example.com',
      smtpCode: 550,
    });
    const first = await recordSuppressions(
      [bounce, e(2, 'delivered', at(2))],
      deps,
    );
    expect(first).toMatchObject({
      written: 1,
      added: [{ reason: 'hard_bounce', provider: 'mailgun' }],
    });
    const again = await recordSuppressions([bounce], deps);
    expect(again).toMatchObject({ written: 0, added: [] });
    const later = await recordSuppressions(
      [
        e(3, 'complained', at(3), { provider: 'ses' }),
        e(4, 'delivered', at(4)),
      ],
      { ...deps, rules: { softBounceThreshold: 3 } },
    );
    expect(later).toMatchObject({ written: 1, added: [] });
    const stored = await store.getPushed('ada@example.com');
    expect(stored!.entry.version).toBe(3);
    expect(stored!.entry.causes.map((c) => c.reason)).toEqual([
      'hard_bounce',
      'complaint',
    ]);
    expect(stored!.pushed).toEqual({});
    const res = await checkSuppression('ADA@example.com', { store });
    expect(JSON.parse(res.body)).toEqual({
      address: 'ada@example.com',
      suppressed: true,
      reason: 'hard_bounce',
      provider: 'mailgun',
      since: at(1),
    });
  });

  it('refuses a write against a stale version (the real condition)', async () => {
    const current = (await store.get('ada@example.com'))!;
    expect(
      await store.put(
        { ...current, version: current.version + 1 },
        current.version - 1,
      ),
    ).toBe(false);
    expect(
      await store.put(
        { ...current, address: 'new@example.com', version: 1 },
        0,
      ),
    ).toBe(true);
    expect(
      await store.put(
        { ...current, address: 'new@example.com', version: 1 },
        0,
      ),
    ).toBe(false);
  });

  it('a writer that lost the race re-reads and re-applies (moto refuses its write)', async () => {
    // Both writers read the same version before either writes; the second
    // writes 200 ms later, so moto (whose threaded server does not make
    // concurrent conditional writes atomic) sees them one after the other.
    let reads = 0;
    let release: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const puts: boolean[] = [];
    const racing = (delayMs: number): typeof store => {
      const s = Object.create(store) as typeof store;
      s.get = async (key) => {
        const entry = await store.get(key);
        if (++reads === 2) release();
        await bothRead;
        return entry;
      };
      s.put = async (entry, expected) => {
        await new Promise((r) => setTimeout(r, delayMs));
        const ok = await store.put(entry, expected);
        puts.push(ok);
        return ok;
      };
      return s;
    };
    const key = 'race@example.com';
    const [a, b] = await Promise.all([
      recordSuppressions(
        [e('race-a', 'complained', at(5), { recipient: key })],
        {
          ...deps,
          store: racing(0),
        },
      ),
      recordSuppressions(
        [e('race-b', 'bounced', at(5, '11:00:00'), { recipient: key })],
        {
          ...deps,
          store: racing(200),
          sleep: async () => {},
        },
      ),
    ]);
    expect(puts).toEqual([true, false, true]);
    expect([...a.failed, ...b.failed]).toEqual([]);
    expect([...a.added, ...b.added]).toHaveLength(1);
    const entry = (await store.get(key))!;
    expect(entry.causes.map((c) => c.reason)).toEqual([
      'complaint',
      'hard_bounce',
    ]);
    expect(entry.version).toBe(2);
  });
});

describe('the SES push (local stand-in for SES v2 PutSuppressedDestination)', () => {
  it('puts the address on the account list once, and marks it pushed', async () => {
    const sesv2 = new SESv2Client(motoConfig(shim.endpoint));
    const pushDeps = {
      targets: [sesSuppressionTarget(sesv2)],
      load: (key: string) => store.getPushed(key),
      markPushed: (key: string, target: string, when: string) =>
        store.markPushed(key, target, when),
      now: () => new Date(at(6)),
      log: NO_LOG,
    };
    expect(await pushSuppression('ada@example.com', pushDeps)).toEqual(['ses']);
    expect(shim.suppressed.get('ada@example.com')).toBe('BOUNCE');
    expect((await store.getPushed('ada@example.com'))!.pushed).toEqual({
      ses: at(6),
    });
    // A later change of the entry streams again: nothing is pushed twice.
    (shim.suppressed as Map<string, string>).clear();
    await recordSuppressions([e(7, 'unsubscribed', at(7))], deps);
    expect(await pushSuppression('ada@example.com', pushDeps)).toEqual([]);
    expect(shim.suppressed.size).toBe(0);
    expect((await store.get('ada@example.com'))!.causes).toHaveLength(3);
  });
});
