import { describe, expect, it } from 'vitest';
import {
  decodeFirehoseRecords,
  encodeFirehoseResult,
  isFirehoseTransformEvent,
  splitNdjson,
} from '../../../../core/envelopes/firehose';
import { MalformedPayloadError } from '../../../../core/errors';
import { loadFixture, loadFixtureText } from '../../../helpers/fixtures';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A transformation event whose records carry the given base64 data. */
function transformEvent(...data: string[]): unknown {
  return {
    invocationId: 'inv-1',
    deliveryStreamArn: 'arn:aws:firehose:ap-northeast-1:1:deliverystream/x',
    region: 'ap-northeast-1',
    records: data.map((d, i) => ({
      recordId: `rec-${i}`,
      approximateArrivalTimestamp: 1773454200000,
      data: d,
    })),
  };
}

describe('decodeFirehoseRecords', () => {
  it('decodes the fixture into the records SES wrote to S3', () => {
    // Arrange
    const event = loadFixture('ses', 'firehose-transform-lambda-event');
    // Act
    const records = decodeFirehoseRecords(event);
    // Assert
    expect(records.map((r) => r.data).join('')).toBe(
      loadFixtureText('ses', 'firehose-s3-object.ndjson'),
    );
    expect(records.map((r) => r.recordId.slice(-6))).toStrictEqual([
      '000000',
      '010000',
      '020000',
      '030000',
    ]);
  });

  it('decodes base64 to UTF-8 text', () => {
    // Arrange
    const event = transformEvent(b64('{"subject":"件名 🎉"}\n'), '');
    // Act
    const records = decodeFirehoseRecords(event);
    // Assert
    expect(records).toStrictEqual([
      { recordId: 'rec-0', data: '{"subject":"件名 🎉"}\n' },
      { recordId: 'rec-1', data: '' },
    ]);
  });

  it('names the record whose data is not base64', () => {
    // Arrange
    const event = transformEvent(b64('{}'), '{"not":"base64"}');
    // Act
    const act = () => decodeFirehoseRecords(event);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow('records.1.data (recordId rec-1) is not base64');
  });

  it.each([
    ['not an object', 42, /Invalid input/],
    [
      'without records',
      { invocationId: 'i', deliveryStreamArn: 'a' },
      /records: /,
    ],
    [
      'with a record lacking recordId',
      { invocationId: 'i', deliveryStreamArn: 'a', records: [{ data: '' }] },
      /records\.0\.recordId: /,
    ],
  ])('rejects an event %s', (_, event, message) => {
    // Act
    const act = () => decodeFirehoseRecords(event);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow(message);
  });
});

describe('isFirehoseTransformEvent', () => {
  it('recognises the Firehose fixture', () => {
    // Act
    const result = isFirehoseTransformEvent(
      loadFixture('ses', 'firehose-transform-lambda-event'),
    );
    // Assert
    expect(result).toBe(true);
  });

  it.each([
    ['an SNS event', loadFixture('ses', 'sns-lambda-event-bounce')],
    ['a raw SES event', loadFixture('ses', 'send')],
    ['undefined', undefined],
  ])('rejects %s', (_, value) => {
    // Act
    const result = isFirehoseTransformEvent(value);
    // Assert
    expect(result).toBe(false);
  });
});

describe('splitNdjson', () => {
  it('parses every line of the SES S3 object', () => {
    // Arrange
    const text = loadFixtureText('ses', 'firehose-s3-object.ndjson');
    // Act
    const values = splitNdjson(text) as { eventType: string }[];
    // Assert
    expect(values.map((v) => v.eventType)).toStrictEqual([
      'Send',
      'Delivery',
      'Bounce',
      'Open',
    ]);
  });

  it('skips blank lines and tolerates CRLF', () => {
    // Act
    const values = splitNdjson('{"a":1}\r\n\n  \n{"b":2}\r\n');
    // Assert
    expect(values).toStrictEqual([{ a: 1 }, { b: 2 }]);
  });

  it('returns nothing for empty text', () => {
    // Act
    const values = splitNdjson('');
    // Assert
    expect(values).toStrictEqual([]);
  });

  it('names the 1-based line number of a bad line', () => {
    // Act
    const act = () => splitNdjson('{"a":1}\n\n{"b":\n');
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow('NDJSON line 3 is not JSON');
  });
});

describe('encodeFirehoseResult', () => {
  it('encodes the text as UTF-8 base64', () => {
    // Act
    const record = encodeFirehoseResult({
      recordId: 'rec-0',
      result: 'Ok',
      text: '{"subject":"件名"}\n',
    });
    // Assert
    expect(record).toStrictEqual({
      recordId: 'rec-0',
      result: 'Ok',
      data: 'eyJzdWJqZWN0Ijoi5Lu25ZCNIn0K',
    });
  });

  it('adds dynamic-partitioning metadata when keys are given', () => {
    // Act
    const record = encodeFirehoseResult({
      recordId: 'rec-1',
      result: 'ProcessingFailed',
      text: '',
      partitionKeys: { provider: 'ses', dt: '2026-03-14' },
    });
    // Assert
    expect(record).toStrictEqual({
      recordId: 'rec-1',
      result: 'ProcessingFailed',
      data: '',
      metadata: { partitionKeys: { provider: 'ses', dt: '2026-03-14' } },
    });
  });

  it('round-trips through decodeFirehoseRecords', () => {
    // Arrange
    const text = '{"n":"ü"}\n';
    const { data } = encodeFirehoseResult({
      recordId: 'r',
      result: 'Dropped',
      text,
    });
    // Act
    const [record] = decodeFirehoseRecords(transformEvent(data));
    // Assert
    expect(record?.data).toBe(text);
  });
});
