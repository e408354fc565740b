import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHttpBody } from '../../../../core/envelopes/http-body';
import {
  leadingBoundary,
  MAX_BOUNDARY,
  multipartParts,
} from '../../../../core/envelopes/multipart';
import { MalformedPayloadError } from '../../../../core/errors';
import { REDACTED, redactSecrets } from '../../../../core/redact-secrets';

const CT = 'multipart/form-data; boundary=b';
const values = (text: string, boundary = 'b') =>
  multipartParts(text, boundary).map((p) => ({
    name: p.name,
    headerNames: p.headerNames,
    isFile: p.isFile,
    value: text.slice(p.valueStart, p.valueEnd),
    afterClose: p.afterClose,
  }));

describe('multipartParts', () => {
  it('locates every part, its names and value, preamble and epilogue aside', () => {
    // Arrange
    const text = [
      'preamble',
      '--b',
      'X-Note: x; NAME="api_key"; name="other"',
      'Content-Disposition: form-data;\tname="a"',
      '',
      'one',
      '--b',
      'Content-Disposition: form-data; name="f"; filename="f.txt"',
      '',
      'file',
      '--b--',
      'Content-Disposition: form-data; name="late"',
      '',
      'epilogue',
    ].join('\r\n');

    // Act
    const parts = values(text);

    // Assert
    expect(parts).toStrictEqual([
      {
        name: 'a',
        headerNames: ['api_key', 'other', 'a'],
        isFile: false,
        value: 'one',
        afterClose: false,
      },
      {
        name: 'f',
        headerNames: ['f'],
        isFile: true,
        value: 'file',
        afterClose: false,
      },
      {
        name: 'late',
        headerNames: ['late'],
        isFile: false,
        value: 'epilogue',
        afterClose: true,
      },
    ]);
  });

  it.each([
    [
      'LF line ends',
      '--b\nContent-Disposition: form-data; name="a"\n\nv\n--b--',
    ],
    [
      'no closing delimiter',
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nv',
    ],
    [
      'a filename* parameter and a name without a closing quote',
      '--b\r\nContent-Disposition: form-data; name="a"; filename*=utf-8\'\'x; name="open\r\n\r\nv\r\n--b--',
    ],
  ])('reads a part with %s', (_, text) => {
    // Act
    const [part] = values(text);

    // Assert
    expect(part?.value).toBe('v');
    expect(part?.name).toBe('a');
  });

  it.each([
    [
      'no blank line after the headers',
      '--b\r\nContent-Disposition: form-data; name="a"\r\nv',
    ],
    ['an empty boundary', '--\r\n\r\nv'],
    ['a boundary over 70 characters', `--${'b'.repeat(71)}\r\n\r\nv`],
    ['no delimiter at all', 'just text'],
  ])('finds no part with %s', (name, text) => {
    const boundary = name.startsWith('an empty')
      ? ''
      : name.startsWith('a boundary')
        ? 'b'.repeat(MAX_BOUNDARY + 1)
        : 'b';
    expect(multipartParts(text, boundary)).toStrictEqual([]);
  });

  it('finds Content-Disposition only as a header name at a line start', () => {
    // Arrange: the header name inside another header's value comes first.
    const text =
      '--b\r\nX-Note: content-disposition: name="z"; name="y"\r\ncontent-dispositionX: 1\r\nContent-Disposition \t: form-data; name="a"\r\n\r\nv\r\n--b--';
    // Act
    const [part] = values(text);
    // Assert
    expect(part?.name).toBe('a');
    expect(part?.headerNames).toStrictEqual(['y', 'a']);
  });

  it('reads a part without Content-Disposition as nameless', () => {
    expect(values('--b\r\nX-A: 1\r\n\r\nv\r\n--b--')[0]?.name).toBeNull();
  });
});

describe('leadingBoundary', () => {
  it.each([
    ['--abc\r\nrest', 'abc'],
    ['--abc  \nrest', 'abc'],
    ['--abc', 'abc'],
    ['--\r\n', null],
    ['{"a":1}', null],
  ])('of %j is %j', (text, expected) => {
    expect(leadingBoundary(text)).toBe(expected);
  });
});

describe('the decoder and the redactor read the same parts', () => {
  it('rejects a boundary over 70 characters', () => {
    expect(() =>
      decodeHttpBody({
        body: 'x',
        contentType: `multipart/form-data; boundary=${'b'.repeat(71)}`,
      }),
    ).toThrow(
      new MalformedPayloadError(
        'multipart/form-data boundary is over 70 characters',
      ),
    );
  });

  it('ignores a part after the closing delimiter (the epilogue)', () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n--b\r\nContent-Disposition: form-data; name="c"\r\n\r\n3';
    expect(decodeHttpBody({ body, contentType: CT })).toStrictEqual({ a: '1' });
  });

  it('takes a field name from Content-Disposition only', () => {
    // Arrange: a name parameter smuggled into another header.
    const body =
      '--b\r\nX-Other: x; name="api_key"\r\nContent-Disposition: form-data; name="note"\r\n\r\nSECRET-1\r\n--b--';

    // Act
    const decoded = decodeHttpBody({ body, contentType: CT });
    const redacted = redactSecrets(body, CT);

    // Assert: never read as api_key, and still not stored.
    expect(decoded).toStrictEqual({ note: 'SECRET-1' });
    expect(redacted).not.toContain('SECRET-1');
  });

  it('redacts every part named api_key, so every one the decoder reads (property)', () => {
    const SECRET = 'SECRET-KEY-0123456789';
    const eol = fc.constantFrom('\r\n', '\n');
    const header = fc.constantFrom(
      'Content-Disposition: form-data; name="api_key"',
      'content-disposition: form-data;name="api_key"',
      'Content-Disposition: form-data; name="x"',
      'X-Extra: y; name="api_key"',
      'Content-Type: text/plain',
    );
    // A part carries the secret exactly when one of its headers names it.
    const part = fc
      .array(header, { minLength: 1, maxLength: 3 })
      .map((headers) => ({
        headers,
        value: headers.some((h) => h.includes('"api_key"')) ? SECRET : 'plain',
      }));
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        eol,
        fc.boolean(),
        fc.boolean(),
        (parts, nl, closed, typed) => {
          const body =
            parts
              .map((p) => `--b${nl}${p.headers.join(nl)}${nl}${nl}${p.value}`)
              .join(nl) + (closed ? `${nl}--b--${nl}` : '');
          let apiKey: unknown;
          try {
            apiKey = (
              decodeHttpBody({ body, contentType: CT }) as Record<
                string,
                unknown
              >
            ).api_key;
          } catch {
            apiKey = undefined;
          }
          const redacted = redactSecrets(body, typed ? CT : undefined);
          expect(redacted).not.toContain(SECRET);
          if (apiKey !== undefined) expect(redacted).toContain(REDACTED);
        },
      ),
    );
  });
});
