import { describe, expect, it } from 'vitest';
import { mailgunSuppressionTarget } from '../../../../adapters/http/mailgun-suppression-target';
import { NO_LOG } from '../../../../app/log';
import {
  type PushTarget,
  pushStreamBatch,
  pushSuppression,
} from '../../../../app/suppressions/push';
import type { SuppressionEntry } from '../../../../core/suppressions/entry';
import { applyEvent, applyRemoval } from '../../../../core/suppressions/fold';
import { at, ev } from '../../../helpers/suppression-events';

const entry = applyEvent(
  undefined,
  ev(1, 'complained', at(1), { recipient: 'ada@example.com' }),
)!;

function setup(
  stored:
    | { entry: SuppressionEntry; pushed: Record<string, string> }
    | undefined,
  targets: PushTarget[],
) {
  const marks: string[] = [];
  const deps = {
    targets,
    load: async () => stored,
    markPushed: async (_key: string, target: string) => {
      marks.push(target);
      return true;
    },
    now: () => new Date(at(2)),
    log: NO_LOG,
    sleep: async () => {},
    random: () => 0,
  };
  return { deps, marks };
}

function target(name: string, failures = 0) {
  const calls: [string, string][] = [];
  let left = failures;
  const t: PushTarget = {
    name,
    async push(address, reason) {
      calls.push([address, reason]);
      if (left-- > 0) throw new Error(`${name} down`);
    },
  };
  return { t, calls };
}

describe('pushSuppression', () => {
  it('pushes to each target not yet marked, then marks it', async () => {
    const ses = target('ses');
    const mailgun = target('mailgun');
    const { deps, marks } = setup({ entry, pushed: { mailgun: at(1) } }, [
      ses.t,
      mailgun.t,
    ]);
    expect(await pushSuppression('ada@example.com', deps)).toEqual(['ses']);
    expect(ses.calls).toEqual([['ada@example.com', 'complaint']]);
    expect(mailgun.calls).toEqual([]);
    expect(marks).toEqual(['ses']);
  });

  it('retries with backoff, and throws after the last attempt', async () => {
    const flaky = target('ses', 2);
    const { deps } = setup({ entry, pushed: {} }, [flaky.t]);
    expect(await pushSuppression('ada@example.com', deps)).toEqual(['ses']);
    expect(flaky.calls).toHaveLength(3);
    const down = target('ses', 99);
    const other = target('mailgun');
    const failing = setup({ entry, pushed: {} }, [down.t, other.t]);
    await expect(
      pushSuppression('ada@example.com', failing.deps),
    ).rejects.toThrow('push failed for ses');
    expect(down.calls).toHaveLength(4);
    // The other target still got it, and is marked: never pushed again.
    expect(failing.marks).toEqual(['mailgun']);
  });

  it('pushes nothing for a removed, missing or hashed entry', async () => {
    const ses = target('ses');
    const removed = applyRemoval(entry, {
      at: at(3),
      by: 'cli',
      reason: 'typo',
    });
    await pushSuppression(
      'ada@example.com',
      setup({ entry: removed, pushed: {} }, [ses.t]).deps,
    );
    await pushSuppression('ada@example.com', setup(undefined, [ses.t]).deps);
    const hashed = { ...entry, address: 'hmac:ab' };
    await pushSuppression(
      'hmac:ab',
      setup({ entry: hashed, pushed: {} }, [ses.t]).deps,
    );
    expect(ses.calls).toEqual([]);
  });
});

describe('mailgunSuppressionTarget', () => {
  it('posts to the list of the reason on every domain, without echoing bodies', async () => {
    const requests: { url: string; body: string; auth: string }[] = [];
    let status = 200;
    const target = mailgunSuppressionTarget({
      baseUrl: 'https://mg.test',
      apiKey: 'key-secret',
      domains: ['a.example.com', 'b.example.com'],
      fetch: async (url, init) => {
        requests.push({
          url: String(url),
          body: String(init!.body),
          auth: (init!.headers as Record<string, string>).authorization!,
        });
        return new Response('{"message":"key-secret leaked?"}', { status });
      },
    });
    await target.push('ada@example.com', 'unsubscribe');
    expect(requests.map((r) => r.url)).toEqual([
      'https://mg.test/v3/a.example.com/unsubscribes',
      'https://mg.test/v3/b.example.com/unsubscribes',
    ]);
    expect(requests[0]!.body).toBe('address=ada%40example.com&tag=*');
    expect(requests[0]!.auth).toBe(
      `Basic ${Buffer.from('api:key-secret').toString('base64')}`,
    );
    await target.push('ada@example.com', 'hard_bounce');
    expect(requests.at(-1)!.url).toBe(
      'https://mg.test/v3/b.example.com/bounces',
    );
    status = 401;
    const err = await target
      .push('ada@example.com', 'complaint')
      .catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'Mailgun a.example.com/complaints answered 401',
    );
  });
});

describe('pushStreamBatch', () => {
  it('returns the ids of failed records only, and skips records without a key', async () => {
    const ses = target('ses', 99);
    const { deps } = setup({ entry, pushed: {} }, [ses.t]);
    const failed = await pushStreamBatch(
      [
        { key: 'ada@example.com', id: 'seq-1' },
        { key: undefined, id: 'seq-2' },
      ],
      { ...deps, maxAttempts: 1 },
    );
    expect(failed).toEqual(['seq-1']);
    expect(ses.calls).toHaveLength(1);
  });

  it('returns nothing when every record is pushed', async () => {
    const ses = target('ses');
    const { deps, marks } = setup({ entry, pushed: {} }, [ses.t]);
    const failed = await pushStreamBatch(
      [{ key: 'ada@example.com', id: 'seq-1' }],
      deps,
    );
    expect(failed).toEqual([]);
    expect(marks).toEqual(['ses']);
  });
});
