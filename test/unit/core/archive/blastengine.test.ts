import { describe, expect, it } from 'vitest';
import {
  BLASTENGINE_BASE_URL,
  blastengineDeliveriesRequest,
  blastengineDetailRequest,
  blastengineLogsRequest,
  blastengineReportCreateRequest,
  blastengineReportDownloadRequest,
  blastengineReportStatusRequest,
  blastengineToken,
} from '../../../../core/archive/blastengine';

const BASE = BLASTENGINE_BASE_URL;
const TOKEN = 'dG9rZW4=';
const HEADERS = {
  Authorization: `Bearer ${TOKEN}`,
  Accept: 'application/json',
  'Accept-Language': 'en-US',
};

describe('blastengineToken', () => {
  it('is base64 of the lowercase hex sha256 string of loginId + apiKey', () => {
    // Arrange: computed independently with Python hashlib + base64:
    // sha256(b'mailtrail-login' + b'test-api-key-0001').hexdigest()
    // = 3dd901b608bba1251e36fc96e773021ac2b4cfc90fae44890ee5514fc9c95402
    const expected =
      'M2RkOTAxYjYwOGJiYTEyNTFlMzZmYzk2ZTc3MzAyMWFjMmI0Y2ZjOTBmYWU0NDg5MGVlNTUxNGZjOWM5NTQwMg==';
    // Act
    const token = blastengineToken('mailtrail-login', 'test-api-key-0001');
    // Assert
    expect(token).toBe(expected);
  });

  it('encodes the 64-character hex text, not the 32-byte digest', () => {
    // Act
    const decoded = Buffer.from(blastengineToken('a', 'b'), 'base64');
    // Assert
    expect(decoded.toString('utf8')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('blastengine requests', () => {
  it('builds the newest log page without an anchor', () => {
    // Act
    const spec = blastengineLogsRequest(BASE, TOKEN, {
      count: 1000,
      deliveryEnd: '2026-03-13T03:00:00+00:00',
    });
    // Assert
    expect(spec).toStrictEqual({
      method: 'GET',
      url: `${BASE}/logs/mails/results?count=1000&delivery_end=2026-03-13T03%3A00%3A00%2B00%3A00`,
      headers: HEADERS,
    });
  });

  it('passes the anchor and the start of the window', () => {
    // Act
    const spec = blastengineLogsRequest(BASE, TOKEN, {
      anchor: 901203,
      count: 3,
      deliveryStart: '2026-03-01T00:00:00+00:00',
      deliveryEnd: '2026-03-02T23:59:59+00:00',
    });
    // Assert
    const url = new URL(spec.url);
    expect(Object.fromEntries(url.searchParams)).toStrictEqual({
      anchor: '901203',
      count: '3',
      delivery_start: '2026-03-01T00:00:00+00:00',
      delivery_end: '2026-03-02T23:59:59+00:00',
    });
  });

  it('asks for one log in detail', () => {
    // Act
    const spec = blastengineDetailRequest(BASE, TOKEN, 901204);
    // Assert
    expect(spec).toStrictEqual({
      method: 'GET',
      url: `${BASE}/logs/mails/901204`,
      headers: HEADERS,
    });
  });

  it('lists finished bulk deliveries by updated_time, newest first', () => {
    // Act
    const spec = blastengineDeliveriesRequest(BASE, TOKEN, 2);
    // Assert
    const url = new URL(spec.url);
    expect([url.pathname, [...url.searchParams]]).toStrictEqual([
      '/api/v1/deliveries',
      [
        ['delivery_type[]', 'BULK'],
        ['status[]', 'SENT'],
        ['sort', 'updated_time:desc'],
        ['size', '100'],
        ['page', '2'],
      ],
    ]);
  });

  it('creates a report job with a JSON POST', () => {
    // Act
    const spec = blastengineReportCreateRequest(BASE, TOKEN, 48100);
    // Assert
    expect(spec).toStrictEqual({
      method: 'POST',
      url: `${BASE}/deliveries/48100/analysis/report`,
      headers: { ...HEADERS, 'Content-Type': 'application/json' },
      body: '{}',
    });
  });

  it('polls and downloads a report job', () => {
    // Act
    const status = blastengineReportStatusRequest(BASE, TOKEN, 7731);
    const download = blastengineReportDownloadRequest(BASE, TOKEN, 7731);
    // Assert
    expect([status.url, download.url, download.headers.Accept]).toStrictEqual([
      `${BASE}/deliveries/-/analysis/report/7731`,
      `${BASE}/deliveries/-/analysis/report/7731/download`,
      'application/zip',
    ]);
  });
});
