import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../../core/redact-secrets';
import { loadFixtureText } from '../../helpers/fixtures';

describe('redactSecrets in JSON', () => {
  it('replaces a top-level api_key and keeps the formatting', () => {
    // Arrange
    const body = '{\n  "api_key" :  "k-1",\n  "event_type": "deliveries"\n}';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(
      '{\n  "api_key" :  "[REDACTED]",\n  "event_type": "deliveries"\n}',
    );
  });

  it('redacts the CMC fixture without touching its events', () => {
    // Arrange
    const body = loadFixtureText('cmc', 'webhook-v2-deliveries.json');
    // Act
    const out = JSON.parse(redactSecrets(body));
    // Assert
    expect(out).toStrictEqual({
      ...JSON.parse(body),
      api_key: REDACTED,
    });
  });

  it.each([
    ['a number', '{"password": 1234}', '{"password": "[REDACTED]"}'],
    ['a literal', '{"secret":true,"a":1}', '{"secret":"[REDACTED]","a":1}'],
    [
      'an escaped quote',
      '{"apiKey":"a\\"b","x":2}',
      '{"apiKey":"[REDACTED]","x":2}',
    ],
    [
      'an escaped key',
      '{"api\\u005fkey":"k"}',
      '{"api\\u005fkey":"[REDACTED]"}',
    ],
    [
      'a nested key',
      '{"a":{"Authorization":"Bearer t"}}',
      '{"a":{"Authorization":"[REDACTED]"}}',
    ],
  ])('redacts a secret holding %s', (_, body, expected) => {
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(expected);
  });

  it('walks into an object under a secret name instead of cutting it', () => {
    // Arrange
    const body = '{"secret":{"api_key":"k","n":1},"b":[1]}';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe('{"secret":{"api_key":"[REDACTED]","n":1},"b":[1]}');
  });

  it('leaves a secret name inside a string value alone', () => {
    // Arrange
    const body = '{"subject":"\\"api_key\\": \\"x\\"","list":["api_key", "b"]}';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(body);
  });

  it('keeps Mailgun signature fields, which are not secret', () => {
    // Arrange
    const body = '{"signature":{"timestamp":"1","token":"t","signature":"s"}}';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(body);
  });

  it.each([
    ['an unterminated string', '{"api_key":"abc', '{"api_key":"[REDACTED]"'],
    ['a missing value', '{"api_key":}', '{"api_key":}'],
    ['a trailing key', '{"api_key":', '{"api_key":'],
    ['an unterminated key', '{"api_k', '{"api_k'],
    [
      'an invalid escape in a key',
      '{"a\\q":"v","api_key":"k"}',
      '{"a\\q":"v","api_key":"[REDACTED]"}',
    ],
  ])('redacts malformed JSON with %s without throwing', (_, body, expected) => {
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(expected);
  });
});

describe('redactSecrets in forms', () => {
  it('replaces api_key in a form-urlencoded body', () => {
    // Arrange
    const body = 'api_key=k-1&server_composition=pro&event=%7B%7D';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(
      'api_key=%5BREDACTED%5D&server_composition=pro&event=%7B%7D',
    );
  });

  it('matches percent-encoded and badly encoded field names', () => {
    // Arrange
    const body = 'api%5Fkey=k&bad%=1&Pass+word=2&password=3&flag';
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(
      'api%5Fkey=%5BREDACTED%5D&bad%=1&Pass+word=2&password=%5BREDACTED%5D&flag',
    );
  });

  it('replaces the value of a multipart part named api_key', () => {
    // Arrange
    const body = [
      '--XyZ',
      'Content-Disposition: form-data; name="api_key"',
      '',
      'k-1',
      '--XyZ',
      'Content-Disposition: form-data; name="event_type"',
      '',
      'deliveries',
      '--XyZ--',
    ].join('\r\n');
    // Act
    const out = redactSecrets(body);
    // Assert
    expect(out).toBe(body.replace('k-1', REDACTED));
  });
});
