import { describe, expect, it } from 'vitest';
import { decodeHttpBody } from '../../../../core/envelopes/http-body';
import { MalformedPayloadError } from '../../../../core/errors';
import { loadFixtureText } from '../../../helpers/fixtures';

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART_BOUNDARY = '----mailtrailBoundary7MA4YWxkTrZu0gW';

function multipart(boundary: string, parts: string[], eol = '\r\n'): string {
  const body = parts.map((p) => `--${boundary}${eol}${p}${eol}`).join('');
  return `${body}--${boundary}--${eol}`;
}

function field(name: string, value: string, eol = '\r\n'): string {
  return `Content-Disposition: form-data; name="${name}"${eol}${eol}${value}`;
}

function errorOf(fn: () => unknown): MalformedPayloadError {
  try {
    fn();
  } catch (error) {
    return error as MalformedPayloadError;
  }
  throw new Error('expected a throw');
}

describe('decodeHttpBody: JSON', () => {
  it('parses an application/json body', () => {
    // Arrange
    const body = '{"event_type":"deliveries","n":1}';

    // Act
    const decoded = decodeHttpBody({ body, contentType: 'application/json' });

    // Assert
    expect(decoded).toStrictEqual({ event_type: 'deliveries', n: 1 });
  });

  it('ignores parameters and case in the content type', () => {
    const decoded = decodeHttpBody({
      body: '[1,2]',
      contentType: 'Application/JSON; charset=UTF-8',
    });

    expect(decoded).toStrictEqual([1, 2]);
  });

  it('parses a +json media type as JSON', () => {
    const decoded = decodeHttpBody({
      body: '{"a":"b"}',
      contentType: 'application/vnd.example+json',
    });

    expect(decoded).toStrictEqual({ a: 'b' });
  });

  it('sniffs JSON when no content type is given', () => {
    const decoded = decodeHttpBody({ body: '  \n{"a":[true]}\n' });

    expect(decoded).toStrictEqual({ a: [true] });
  });

  it('sniffs a JSON array when the content type is blank', () => {
    const decoded = decodeHttpBody({ body: '[{"a":1}]', contentType: ' ' });

    expect(decoded).toStrictEqual([{ a: 1 }]);
  });

  it('strips a byte order mark from a string body', () => {
    const decoded = decodeHttpBody({
      body: '\uFEFF{"a":1}',
      contentType: 'application/json',
    });

    expect(decoded).toStrictEqual({ a: 1 });
  });

  it('reports invalid JSON with the parser message', () => {
    const error = errorOf(() =>
      decodeHttpBody({ body: '{"a":}', contentType: 'application/json' }),
    );

    expect(error).toBeInstanceOf(MalformedPayloadError);
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(/^body is not valid JSON: Unexpected token/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('decodeHttpBody: bytes and base64', () => {
  it('decodes a UTF-8 byte body', () => {
    const body = new TextEncoder().encode('{"subject":"ご注文"}');

    const decoded = decodeHttpBody({ body, contentType: 'application/json' });

    expect(decoded).toStrictEqual({ subject: 'ご注文' });
  });

  it('decodes a base64 string body', () => {
    const body = Buffer.from('{"subject":"ご注文"}').toString('base64');

    const decoded = decodeHttpBody({
      body,
      contentType: 'application/json',
      isBase64Encoded: true,
    });

    expect(decoded).toStrictEqual({ subject: 'ご注文' });
  });

  it('decodes base64 text handed over as bytes', () => {
    const base64 = Buffer.from('a=1&b=%E3%81%82').toString('base64');
    const body = new TextEncoder().encode(base64);

    const decoded = decodeHttpBody({
      body,
      contentType: FORM,
      isBase64Encoded: true,
    });

    expect(decoded).toStrictEqual({ a: '1', b: 'あ' });
  });

  it('rejects bytes that are not UTF-8', () => {
    const body = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);

    expect(() =>
      decodeHttpBody({ body, contentType: 'application/json' }),
    ).toThrow(new MalformedPayloadError('body is not valid UTF-8'));
  });
});

describe('decodeHttpBody: empty and unsupported', () => {
  it.each([[''], ['  \r\n ']])('rejects the empty body %j', (body) => {
    expect(() =>
      decodeHttpBody({ body, contentType: 'application/json' }),
    ).toThrow(new MalformedPayloadError('empty body'));
  });

  it('rejects an unsupported content type by name', () => {
    expect(() =>
      decodeHttpBody({ body: 'hello', contentType: 'text/plain; charset=x' }),
    ).toThrow(new MalformedPayloadError('unsupported content type text/plain'));
  });

  it('rejects a body without content type that is neither JSON nor a form', () => {
    expect(() => decodeHttpBody({ body: 'hello world' })).toThrow(
      /^unsupported content type: none given/,
    );
  });
});

describe('decodeHttpBody: form-urlencoded', () => {
  it('decodes the CMC form body into plain string fields', () => {
    // Arrange
    const body = loadFixtureText(
      'cmc',
      'webhook-v2-deliveries.form-urlencoded.txt',
    );

    // Act
    const decoded = decodeHttpBody({ body, contentType: FORM }) as Record<
      string,
      string
    >;

    // Assert
    expect(Object.keys(decoded)).toStrictEqual([
      'server_composition',
      'event_type',
      'event',
    ]);
    expect(decoded.server_composition).toBe('pro');
    expect(decoded.event_type).toBe('deliveries');
    expect(JSON.parse(decoded.event!).deliveries[0].created).toBe(
      '2026-03-14 11:10:00',
    );
  });

  it('keeps the last value of a repeated key', () => {
    const decoded = decodeHttpBody({ body: 'a=1&a=2', contentType: FORM });

    expect(decoded).toStrictEqual({ a: '2' });
  });

  it('keeps __proto__ as an own field, not a prototype', () => {
    const decoded = decodeHttpBody({
      body: '__proto__=x&b=y',
      contentType: FORM,
    }) as Record<string, unknown>;

    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
  });

  it('sniffs a form body when no content type is given', () => {
    const decoded = decodeHttpBody({ body: 'a=1&b=two+words\n' });

    expect(decoded).toStrictEqual({ a: '1', b: 'two words' });
  });
});

describe('decodeHttpBody: multipart/form-data', () => {
  it('decodes the text fields of a multipart body', () => {
    // Arrange
    const body = loadFixtureText('cmc', 'webhook-v2-deliveries.multipart.txt');
    const contentType = `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`;

    // Act
    const decoded = decodeHttpBody({ body, contentType }) as Record<
      string,
      string
    >;

    // Assert
    expect(Object.keys(decoded)).toStrictEqual([
      'api_key',
      'server_composition',
      'event_type',
      'event',
    ]);
    expect(decoded.api_key).toBe('cmc-webhook-apikey-EXAMPLE-0001');
    expect(JSON.parse(decoded.event!).deliveries[0].subject).toBe(
      '【サンプル商店】ご注文ありがとうございます',
    );
  });

  it('accepts a quoted boundary and keeps line breaks inside a value', () => {
    const body = multipart('b-1', [
      field('a', 'x'),
      field('b', 'line1\r\nline2'),
    ]);

    const decoded = decodeHttpBody({
      body,
      contentType: 'multipart/form-data; charset; boundary="b-1"',
    });

    expect(decoded).toStrictEqual({ a: 'x', b: 'line1\r\nline2' });
  });

  it('accepts bare LF line endings', () => {
    const body = multipart('b2', [field('a', 'x', '\n')], '\n');

    const decoded = decodeHttpBody({
      body,
      contentType: 'multipart/form-data; boundary=b2',
    });

    expect(decoded).toStrictEqual({ a: 'x' });
  });

  it('skips file parts, nameless parts and parts without headers', () => {
    const body = multipart('b3', [
      'Content-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nfile',
      'Content-Disposition: form-data\r\n\r\nnameless',
      'no header block at all',
      field('a', 'x'),
    ]);

    const decoded = decodeHttpBody({
      body,
      contentType: 'multipart/form-data; boundary=b3',
    });

    expect(decoded).toStrictEqual({ a: 'x' });
  });

  it('rejects a multipart body without boundary parameter', () => {
    expect(() =>
      decodeHttpBody({ body: 'a', contentType: 'multipart/form-data' }),
    ).toThrow(
      new MalformedPayloadError(
        'multipart/form-data body without a boundary parameter',
      ),
    );
  });

  it('rejects a multipart body with no text field for its boundary', () => {
    const body = multipart('other', [field('a', 'x')]);

    expect(() =>
      decodeHttpBody({ body, contentType: 'multipart/form-data; boundary=b4' }),
    ).toThrow(
      new MalformedPayloadError(
        'multipart/form-data body has no text fields for boundary b4',
      ),
    );
  });
});
