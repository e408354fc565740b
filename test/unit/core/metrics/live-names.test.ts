import { describe, expect, it } from 'vitest';
import { generateProviderCorpus } from '../../../../bench/corpus';
import {
  BOUNCE_METRIC_NAMES,
  EVENT_METRIC_NAMES,
  metricNameOf,
} from '../../../../core/metrics/aggregate';
import {
  LIVE_COUNT_NAMES,
  liveRates,
} from '../../../../core/metrics/live-names';
import { normalizeInput } from '../../../../core/normalize-input';
import { classifyCmcRecord } from '../../../../core/providers/cmc-classify';
import { PROVIDERS, type Provider } from '../../../../core/schema';
import {
  listFixtures,
  loadFixture,
  loadFixtureText,
} from '../../../helpers/fixtures';

const RECEIVED_AT = '2026-03-14T03:00:00.000Z';

/** Metric names of the live events of a body, as the webhook counts them. */
function namesOf(provider: Provider, body: string, contentType?: string) {
  return normalizeInput(provider, body, {
    receivedAt: RECEIVED_AT,
    contentType,
  })
    .filter((e) => e.source !== 'archive')
    .map(metricNameOf);
}

describe('LIVE_COUNT_NAMES', () => {
  it('covers every blastengine webhook type, known or not', () => {
    const body = loadFixture<{ events: { event: { type: string } }[] }>(
      'blastengine',
      'webhook-drop',
    );
    const names = ['HARDERROR', 'SOFTERROR', 'DROP', 'SOMETHING_NEW'].flatMap(
      (type) => {
        body.events[0]!.event.type = type;
        return namesOf('blastengine', JSON.stringify(body));
      },
    );
    expect(new Set(names)).toStrictEqual(new Set(LIVE_COUNT_NAMES.blastengine));
  });

  it('covers every branch of the CMC classifier', () => {
    const statuses = [
      'queued',
      'succeeded',
      'deferred',
      'failed',
      'registered',
      'removed',
      '',
      'new-status',
      ...Array.from({ length: 12 }, (_, i) => String(i)),
      '99',
    ];
    const names = new Set<string>();
    for (const kind of ['deliveries', 'bounces', 'blocks', 'new-list']) {
      for (const status of statuses) {
        for (const reason of [null, 'user is suppressed to send mail']) {
          for (const smtpCode of [null, 450, 550]) {
            const c = classifyCmcRecord(kind, status, reason, {
              smtpCode,
              smtpStatus: null,
            });
            names.add(
              c.eventType === 'bounced'
                ? BOUNCE_METRIC_NAMES[c.bounceType ?? 'undetermined']
                : EVENT_METRIC_NAMES[c.eventType],
            );
          }
        }
      }
    }
    expect(names).toStrictEqual(new Set(LIVE_COUNT_NAMES.cmc));
  });

  it.each(PROVIDERS)(
    'holds every name %s fixtures and bench corpus publish',
    (provider) => {
      const names = new Set<string>();
      // Webhook bodies (SES: every notification); API responses are archive pulls.
      const live =
        provider === 'ses' ? /\.(json|ndjson)$/ : /^webhook-.*\.json$/;
      for (const file of listFixtures(provider, live)) {
        for (const n of namesOf(provider, loadFixtureText(provider, file))) {
          names.add(n);
        }
      }
      for (const p of generateProviderCorpus(provider, 2000, 7)) {
        for (const n of namesOf(provider, p.body, p.contentType)) names.add(n);
      }
      expect(names.size).toBeGreaterThan(0);
      expect(
        [...names].filter((n) => !LIVE_COUNT_NAMES[provider].includes(n)),
      ).toStrictEqual([]);
    },
  );
});

describe('liveRates', () => {
  it('gives each provider only the rates its live events can produce', () => {
    expect(liveRates('ses')).toStrictEqual(['bounceRate', 'complaintRate']);
    expect(liveRates('mailgun')).toStrictEqual(['bounceRate', 'complaintRate']);
    // CMC reports sends (queued) and hard bounces, never complaints.
    expect(liveRates('cmc')).toStrictEqual(['bounceRate']);
    // blastengine's webhook reports failures only: no sends, no deliveries.
    expect(liveRates('blastengine')).toStrictEqual([]);
  });
});
