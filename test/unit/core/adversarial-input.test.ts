import { describe, expect, it } from 'vitest';
import { summarizeErrorBody } from '../../../core/archive/retry';
import { smtpCodeOf, smtpStatusOf } from '../../../core/providers/common';
import { bodyDigest, rawBodyOf } from '../../../core/raw-body';
import { REDACTED, redactSecrets } from '../../../core/redact-secrets';
import { truncateText } from '../../../core/truncate';

// Sizes at which the old regexes ran for seconds to minutes (issue 11):
// these tests finish in milliseconds only if the code is linear.
const KB = 1024;

describe('redactSecrets on attacker-shaped bodies', () => {
  it('leaves 500 KB of Content-Disposition lines as they are', () => {
    // Arrange: the body that kept a Lambda busy for 28 s.
    const body = 'Content-Disposition: ; name=""\r\n'.repeat(16_000);

    // Act
    const out = redactSecrets(body, 'multipart/form-data; boundary=x');

    // Assert
    expect(out).toBe(body);
  });

  it('redacts 50,000 secret parts of a 1 MB multipart body', () => {
    // Arrange
    const part =
      '--b\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nk\r\n';
    const body = part.repeat(Math.floor((1000 * KB) / part.length));

    // Act
    const out = redactSecrets(body);

    // Assert
    expect(out).not.toMatch(/\r\nk\r\n/);
    expect(out.split(REDACTED)).toHaveLength(
      Math.floor((1000 * KB) / part.length) + 1,
    );
  });

  it.each([
    [
      'a part with no closing delimiter',
      '--b\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nk-secret-1',
      'multipart/form-data; boundary=b',
    ],
    [
      'the name in a header other than Content-Disposition',
      '--b\r\nX-Field: f; name="api_key"\r\n\r\nk-secret-1\r\n--b--\r\n',
      'multipart/form-data; boundary=b',
    ],
    [
      'a preamble, found through the Content-Type boundary',
      'preamble\r\n--b\r\nContent-Disposition: form-data; name="API_KEY"\r\n\r\nk-secret-1\r\n--b--',
      'multipart/form-data; boundary="b"',
    ],
    [
      'a lying Content-Type, found through the leading boundary',
      '--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nk-secret-1\r\n--b--',
      'application/json',
    ],
  ])('closes the escape of %s', (_, body, contentType) => {
    // Act
    const out = redactSecrets(body, contentType);

    // Assert
    expect(out).not.toContain('k-secret-1');
    expect(out).toContain(REDACTED);
  });

  it.each([
    ['quotes', '"'.repeat(500 * KB)],
    ['backslashes in a string', `"${'\\'.repeat(500 * KB)}`],
    ['keys without values', '"api_key":'.repeat(50 * KB)],
    ['ampersands', '&'.repeat(500 * KB)],
    ['name parameters', `--b\r\nX: a${'; name="'.repeat(60 * KB)}`],
    ['empty parts', '--b\r\n'.repeat(100 * KB)],
  ])('handles 500 KB of %s', (_, body) => {
    // Act
    const out = redactSecrets(body, 'multipart/form-data; boundary=b');

    // Assert: nothing named like a secret has a value to replace.
    expect(out.length).toBeGreaterThanOrEqual(body.length - 1);
  });
});

describe('smtpCodeOf / smtpStatusOf on remote text', () => {
  it.each([
    [
      '60 KB of [ then a code',
      `${'['.repeat(60 * KB)} 550 5.1.1`,
      550,
      '5.1.1',
    ],
    [
      'a code then 60 KB of [',
      `550 5.1.1 ${'['.repeat(60 * KB)}`,
      550,
      '5.1.1',
    ],
    [
      '60 KB of [ closed once',
      `${'['.repeat(60 * KB)}]421 4.4.2`,
      421,
      '4.4.2',
    ],
    ['60 KB of ][', `${']['.repeat(30 * KB)} 550`, 550, null],
    ['60 KB of :', `${':'.repeat(60 * KB)} 550 5.7.1`, 550, '5.7.1'],
    [
      '60 KB of dotted digits',
      `${'1.'.repeat(30 * KB)} 451 4.3.0`,
      451,
      '4.3.0',
    ],
  ])('parses %s in linear time', (_, text, code, status) => {
    expect(smtpCodeOf(text)).toBe(code);
    expect(smtpStatusOf(text)).toBe(status);
  });

  it('still blanks bracketed hosts and ports', () => {
    const text = 'mx.example.net[203.0.113.250]:587 said: 452 4.2.2 full';
    expect([smtpCodeOf(text), smtpStatusOf(text)]).toStrictEqual([
      452,
      '4.2.2',
    ]);
  });
});

describe('summarizeErrorBody', () => {
  it('replaces a known secret before cutting, so none leaks half-cut', () => {
    // Arrange: the secret straddles the 4,096-character scan window and
    // whitespace collapsing would bring it into the 300-character summary.
    const body = `${' '.repeat(4090)}SECRETVALUE-123 tail`;

    // Act
    const out = summarizeErrorBody(body, ['SECRETVALUE-123']);

    // Assert
    expect(out).not.toContain('SECRET');
  });

  it('summarizes a 1 MB attack body to at most 301 characters', () => {
    // Arrange
    const body = 'Content-Disposition: ; name=""\r\n'.repeat(32_000);

    // Act
    const out = summarizeErrorBody(body, []);

    // Assert
    expect(out.length).toBeLessThanOrEqual(301);
    expect(out.startsWith('Content-Disposition: ; name=""')).toBe(true);
  });
});

describe('truncateText', () => {
  it.each([
    ['abc', 5, 'abc'],
    ['abcdef', 3, 'abc'],
    ['a😀b', 2, 'a'],
    ['a😀b', 3, 'a😀'],
  ])('cuts %j to %i units as %j', (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});

describe('rawBodyOf with a byte limit', () => {
  it('cuts before redacting and never splits a UTF-8 character', () => {
    // Arrange: 3-byte characters around the cut, a secret before it.
    const body = `api_key=k&s=${'あ'.repeat(100_000)}`;

    // Act
    const raw = rawBodyOf({ body, isBase64Encoded: false }, 20);

    // Assert
    expect(raw).toStrictEqual({
      body: 'api_key=%5BREDACTED%5D&s=ああ',
      body_encoding: 'utf8',
    });
  });

  it('cuts a base64 body that is not UTF-8 by bytes', () => {
    // Arrange
    const bytes = Buffer.concat([
      Buffer.from('password=p&'),
      Buffer.alloc(1e6, 0xff),
    ]);

    // Act
    const raw = rawBodyOf(
      { body: bytes.toString('base64'), isBase64Encoded: true },
      16,
    );

    // Assert
    expect(raw.body_encoding).toBe('base64');
    expect(Buffer.from(raw.body, 'base64').toString('latin1')).toBe(
      'password=%5BREDACTED%5D&\xff\xff\xff\xff\xff',
    );
  });

  it('keeps a short body whole', () => {
    const raw = rawBodyOf({ body: 'a=1', isBase64Encoded: false }, 64);
    expect(raw.body).toBe('a=1');
  });
});

describe('bodyDigest', () => {
  it('gives the size and SHA-256 of the whole body as sent', () => {
    const text = bodyDigest({ body: 'abc', isBase64Encoded: false });
    const b64 = bodyDigest({
      body: Buffer.from('abc').toString('base64'),
      isBase64Encoded: true,
    });
    expect(text).toStrictEqual({
      bytes: 3,
      sha256:
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(b64).toStrictEqual(text);
  });
});
