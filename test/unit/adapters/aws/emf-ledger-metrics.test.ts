import { afterEach, describe, expect, it, vi } from 'vitest';
import { emfLedgerMetrics } from '../../../../adapters/aws/emf-ledger-metrics';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** EMF documents Powertools writes to stdout (one JSON a line). */
async function emitted(
  run: () => Promise<void> | void,
): Promise<Record<string, unknown>[]> {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  // CloudWatch (and Powertools) take timestamps up to 14 days old.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T06:00:00Z'));
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation(() => true);
  await run();
  return write.mock.calls.map((c) => JSON.parse(String(c[0])));
}

describe('emfLedgerMetrics', () => {
  it('publishes each covered day at its noon with the Provider dimension only', async () => {
    const docs = await emitted(() =>
      emfLedgerMetrics('Mailtrail').publish([
        { provider: 'mailgun', dt: '2026-03-08', missed: 2, events: 1002 },
        { provider: 'cmc', dt: '2026-03-09', missed: 0, events: 7 },
      ]),
    );
    expect(docs).toStrictEqual([
      {
        _aws: {
          Timestamp: Date.parse('2026-03-08T12:00:00Z'),
          CloudWatchMetrics: [
            {
              Namespace: 'Mailtrail',
              Dimensions: [['Provider']],
              Metrics: [
                { Name: 'MissedWebhookEvents', Unit: 'Count' },
                { Name: 'ReconciledEvents', Unit: 'Count' },
              ],
            },
          ],
        },
        Provider: 'mailgun',
        MissedWebhookEvents: 2,
        ReconciledEvents: 1002,
      },
      expect.objectContaining({
        _aws: expect.objectContaining({
          Timestamp: Date.parse('2026-03-09T12:00:00Z'),
        }),
        Provider: 'cmc',
        MissedWebhookEvents: 0,
        ReconciledEvents: 7,
      }),
    ]);
  });

  it('writes nothing for no points', async () => {
    expect(
      await emitted(() => emfLedgerMetrics('Mailtrail').publish([])),
    ).toStrictEqual([]);
  });
});
