import { describe, expect, it } from 'vitest';
import { bodyByteLength, rawBodyOf } from '../../../core/raw-body';

const b64 = (bytes: Buffer | string): string =>
  Buffer.from(bytes).toString('base64');

describe('bodyByteLength', () => {
  it('counts UTF-8 bytes of a text body', () => {
    // Act
    const size = bodyByteLength({ body: 'é', isBase64Encoded: false });
    // Assert
    expect(size).toBe(2);
  });

  it('counts decoded bytes of a base64 body', () => {
    // Act
    const size = bodyByteLength({ body: b64('abcd'), isBase64Encoded: true });
    // Assert
    expect(size).toBe(4);
  });
});

describe('rawBodyOf', () => {
  it('keeps a text body as redacted UTF-8', () => {
    // Act
    const raw = rawBodyOf({ body: 'api_key=k&a=あ', isBase64Encoded: false });
    // Assert
    expect(raw).toStrictEqual({
      body: 'api_key=%5BREDACTED%5D&a=あ',
      body_encoding: 'utf8',
    });
  });

  it('decodes a base64 body that is valid UTF-8', () => {
    // Act
    const raw = rawBodyOf({
      body: b64('{"api_key":"k"}'),
      isBase64Encoded: true,
    });
    // Assert
    expect(raw).toStrictEqual({
      body: '{"api_key":"[REDACTED]"}',
      body_encoding: 'utf8',
    });
  });

  it('keeps invalid UTF-8 as base64, still redacted, other bytes intact', () => {
    // Arrange
    const bytes = Buffer.concat([
      Buffer.from('api_key=k&x='),
      Buffer.from([0xff, 0xfe]),
    ]);
    // Act
    const raw = rawBodyOf({ body: b64(bytes), isBase64Encoded: true });
    // Assert
    expect(raw).toStrictEqual({
      body: b64(
        Buffer.concat([
          Buffer.from('api_key=%5BREDACTED%5D&x='),
          Buffer.from([0xff, 0xfe]),
        ]),
      ),
      body_encoding: 'base64',
    });
  });
});
