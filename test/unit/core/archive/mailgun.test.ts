import { describe, expect, it } from 'vitest';
import {
  MAILGUN_BASE_URLS,
  mailgunAuthorization,
  mailgunEventsKey,
  mailgunEventsRequest,
  mailgunPageRequest,
  mailgunStatsKey,
  mailgunStatsRequest,
  mailgunSuppressionKey,
  mailgunSuppressionRequest,
} from '../../../../core/archive/mailgun';

const US = MAILGUN_BASE_URLS.us;
const KEY = 'key-test-mailgun-0001';
const HEADERS = {
  // base64('api:key-test-mailgun-0001'), computed with Python.
  Authorization: 'Basic YXBpOmtleS10ZXN0LW1haWxndW4tMDAwMQ==',
  Accept: 'application/json',
};

describe('mailgun requests', () => {
  it('authenticates as user "api" with the key as password', () => {
    // Act / Assert
    expect(mailgunAuthorization(KEY)).toBe(HEADERS.Authorization);
  });

  it('serves the US and EU regions from their own hosts', () => {
    // Act / Assert
    expect(MAILGUN_BASE_URLS).toStrictEqual({
      us: 'https://api.mailgun.net',
      eu: 'https://api.eu.mailgun.net',
    });
  });

  it('asks for an ascending window of 300 events', () => {
    // Act
    const spec = mailgunEventsRequest(US, 'mg.example.com', KEY, {
      begin: 1773446400,
      end: 1773450000,
    });
    // Assert
    expect(spec).toStrictEqual({
      method: 'GET',
      url: `${US}/v3/mg.example.com/events?begin=1773446400&end=1773450000&ascending=yes&limit=300`,
      headers: HEADERS,
    });
  });

  it('re-bases a paging URL on the configured host', () => {
    // Act
    const spec = mailgunPageRequest(
      'http://127.0.0.1:8080',
      'https://evil.example/v3/mg.example.com/events/WzMs?x=1',
      KEY,
    );
    // Assert
    expect(spec.url).toBe(
      'http://127.0.0.1:8080/v3/mg.example.com/events/WzMs?x=1',
    );
  });

  it('asks for one UTC day of hourly totals of every counted event', () => {
    // Act
    const spec = mailgunStatsRequest(US, 'mg.example.com', KEY, '2026-03-14');
    // Assert
    const url = new URL(spec.url);
    expect([
      url.pathname,
      url.searchParams.getAll('event'),
      url.searchParams.get('start'),
      url.searchParams.get('end'),
      url.searchParams.get('resolution'),
    ]).toStrictEqual([
      '/v3/mg.example.com/stats/total',
      [
        'accepted',
        'delivered',
        'failed',
        'opened',
        'clicked',
        'unsubscribed',
        'complained',
        'stored',
      ],
      '1773446400',
      '1773532800',
      'hour',
    ]);
  });

  it('pages a suppression list 1000 at a time', () => {
    // Act
    const spec = mailgunSuppressionRequest(
      US,
      'mg.example.com',
      KEY,
      'bounces',
    );
    // Assert
    expect(spec.url).toBe(`${US}/v3/mg.example.com/bounces?limit=1000`);
  });
});

describe('mailgun keys', () => {
  it('names an events page by window and page number', () => {
    // Act
    const key = mailgunEventsKey('mg.example.com', 1773446400, 1773450000, 12);
    // Assert
    expect(key).toBe(
      'archive/mailgun/mg.example.com/events/dt=2026-03-14/1773446400-1773450000-p0012.json.gz',
    );
  });

  it('names stats by day and suppressions by list and day', () => {
    // Act
    const keys = [
      mailgunStatsKey('mg.example.com', '2026-03-14'),
      mailgunSuppressionKey('mg.example.com', 'complaints', '2026-03-14'),
    ];
    // Assert
    expect(keys).toStrictEqual([
      'archive/mailgun/mg.example.com/stats/dt=2026-03-14.json.gz',
      'archive/mailgun/mg.example.com/suppressions/complaints/2026-03-14.json.gz',
    ]);
  });
});
