import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFirehoseRecord,
  firehoseTransportTime,
} from '../../../../core/envelopes/firehose';
import { MalformedPayloadError } from '../../../../core/errors';

// The regular expression the length check replaced: the oracle.
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const decodes = (data: string): boolean => {
  try {
    decodeFirehoseRecord({ recordId: 'r', data }, 0);
    return true;
  } catch (err) {
    expect(err).toBeInstanceOf(MalformedPayloadError);
    return false;
  }
};

describe('Firehose record data', () => {
  it('is accepted exactly when it is padded standard base64', () => {
    const data = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          'A',
          'Q',
          'w',
          '9',
          '+',
          '/',
          '=',
          '-',
          '_',
          ' ',
          '\n',
          '*',
          'é',
        ),
        maxLength: 16,
      }),
      fc
        .uint8Array({ maxLength: 20 })
        .map((b) => Buffer.from(b).toString('base64')),
    );
    fc.assert(
      fc.property(data, (d) => {
        expect(decodes(d)).toBe(BASE64.test(d));
      }),
      { numRuns: 30_000, seed: 20261125 },
    );
  });

  it('decodes to UTF-8 text', () => {
    const data = Buffer.from('{"a":"é"}\n').toString('base64');
    expect(decodeFirehoseRecord({ recordId: 'r', data }, 3).data).toBe(
      '{"a":"é"}\n',
    );
  });

  it('names the record index and id when it is not base64', () => {
    expect(() =>
      decodeFirehoseRecord({ recordId: 'r-9', data: 'QQ=A' }, 4),
    ).toThrow(
      'Firehose transformation event: records.4.data (recordId r-9) is not base64',
    );
  });
});

describe('firehoseTransportTime', () => {
  it('reads approximateArrivalTimestamp (epoch ms)', () => {
    expect(
      firehoseTransportTime({
        recordId: 'r',
        data: '',
        approximateArrivalTimestamp: 1773454200123,
      }),
    ).toStrictEqual({
      at: '2026-03-14T02:10:00.123Z',
      field: 'firehose.approximateArrivalTimestamp',
    });
  });

  it.each([[undefined], ['1773454200123'], [-1], [1.5]])(
    'has none for %j',
    (value) => {
      expect(
        firehoseTransportTime({
          recordId: 'r',
          data: '',
          approximateArrivalTimestamp: value,
        }),
      ).toBeNull();
    },
  );
});
