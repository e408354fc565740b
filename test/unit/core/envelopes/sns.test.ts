import { describe, expect, it } from 'vitest';
import {
  isSnsLambdaEvent,
  unwrapSnsMessages,
} from '../../../../core/envelopes/sns';
import { MalformedPayloadError } from '../../../../core/errors';
import { loadFixture } from '../../../helpers/fixtures';

const SETUP_NOTICE =
  'Successfully validated SNS topic for Amazon SES event publishing.';

/** An SNS → Lambda event with one record per message. */
function snsEvent(...messages: unknown[]): unknown {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      Sns: { Type: 'Notification', MessageId: `msg-${i}`, Message },
    })),
  };
}

describe('unwrapSnsMessages', () => {
  it('returns the parsed SES event of the fixture', () => {
    // Arrange
    const event = loadFixture('ses', 'sns-lambda-event-bounce');
    // Act
    const messages = unwrapSnsMessages(event);
    // Assert
    expect(messages).toStrictEqual([loadFixture('ses', 'bounce-permanent')]);
  });

  it('returns every record in order, whatever the payload', () => {
    // Arrange
    const event = snsEvent('{"a":1}', '[1,2]', '"text"');
    // Act
    const messages = unwrapSnsMessages(event);
    // Assert
    expect(messages).toStrictEqual([{ a: 1 }, [1, 2], 'text']);
  });

  it('leaves out messages the skip option accepts', () => {
    // Arrange
    const event = snsEvent(SETUP_NOTICE, '{"b":2}');
    // Act
    const messages = unwrapSnsMessages(event, {
      skip: (m) => m === SETUP_NOTICE,
    });
    // Assert
    expect(messages).toStrictEqual([{ b: 2 }]);
  });

  it('names the record and its MessageId when a Message is not JSON', () => {
    // Arrange
    const event = snsEvent('{"ok":true}', SETUP_NOTICE);
    // Act
    const act = () => unwrapSnsMessages(event);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow(
      'SNS event: Records.1.Sns.Message (MessageId msg-1) is not JSON',
    );
  });

  it('names the record alone when it has no MessageId', () => {
    // Arrange
    const event = {
      Records: [{ EventSource: 'aws:sns', Sns: { Message: '{' } }],
    };
    // Act
    const act = () => unwrapSnsMessages(event);
    // Assert
    expect(act).toThrow('SNS event: Records.0.Sns.Message is not JSON');
  });

  it.each([
    ['not an object', 'Records', /SNS event: Invalid input/],
    ['without Records', {}, /SNS event: Records: /],
    ['with no records', { Records: [] }, /SNS event: Records: /],
    [
      'from another source',
      { Records: [{ EventSource: 'aws:sqs', Sns: { Message: '{}' } }] },
      /Records\.0\.EventSource: /,
    ],
    [
      'with a non-string Message',
      snsEvent({ a: 1 }),
      /Records\.0\.Sns\.Message: /,
    ],
  ])('rejects an event %s', (_, event, message) => {
    // Act
    const act = () => unwrapSnsMessages(event);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow(message);
  });
});

describe('isSnsLambdaEvent', () => {
  it('recognises the SNS fixture', () => {
    // Act
    const result = isSnsLambdaEvent(
      loadFixture('ses', 'sns-lambda-event-bounce'),
    );
    // Assert
    expect(result).toBe(true);
  });

  it.each([
    ['a raw SES event', loadFixture('ses', 'send')],
    ['a Firehose event', loadFixture('ses', 'firehose-transform-lambda-event')],
    ['null', null],
    ['an empty record list', { Records: [] }],
  ])('rejects %s', (_, value) => {
    // Act
    const result = isSnsLambdaEvent(value);
    // Assert
    expect(result).toBe(false);
  });
});
