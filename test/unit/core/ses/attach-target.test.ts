import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../core/errors';
import { parseAttachTarget } from '../../../../core/ses/attach-target';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:mailtrail-ses';
const STREAM =
  'arn:aws:firehose:ap-northeast-1:123456789012:deliverystream/mailtrail-ses';
const ROLE = 'arn:aws:iam::123456789012:role/service/ses-firehose';

function problemOf(
  input: Parameters<typeof parseAttachTarget>[0],
): PipelineError {
  try {
    parseAttachTarget(input);
  } catch (err) {
    return err as PipelineError;
  }
  throw new Error('expected parseAttachTarget to throw');
}

describe('parseAttachTarget', () => {
  it('returns an SNS target for a topic ARN', () => {
    // Act
    const target = parseAttachTarget({ snsTopicArn: TOPIC });
    // Assert
    expect(target).toStrictEqual({ kind: 'sns', topicArn: TOPIC });
  });

  it('returns a Firehose target for a stream and role ARN', () => {
    // Act
    const target = parseAttachTarget({ firehoseArn: STREAM, iamRoleArn: ROLE });
    // Assert
    expect(target).toStrictEqual({
      kind: 'firehose',
      deliveryStreamArn: STREAM,
      iamRoleArn: ROLE,
    });
  });

  it('accepts ARNs of other partitions', () => {
    // Arrange
    const arn = 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t';
    // Act
    const target = parseAttachTarget({ snsTopicArn: arn });
    // Assert
    expect(target).toStrictEqual({ kind: 'sns', topicArn: arn });
  });

  it('rejects neither target with a config error', () => {
    // Act
    const err = problemOf({});
    // Assert
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.reason).toBe('config');
    expect(err.message).toBe('give an SNS topic ARN or a Firehose ARN');
  });

  it('rejects both targets at once', () => {
    // Act
    const err = problemOf({
      snsTopicArn: TOPIC,
      firehoseArn: STREAM,
      iamRoleArn: ROLE,
    });
    // Assert
    expect(err.message).toBe(
      'give either an SNS topic ARN or a Firehose ARN, not both',
    );
  });

  it('rejects a Firehose ARN without a role', () => {
    // Act
    const err = problemOf({ firehoseArn: STREAM });
    // Assert
    expect(err.message).toBe('a Firehose destination needs an IAM role ARN');
  });

  it('rejects a role without a Firehose ARN', () => {
    // Act
    const err = problemOf({ snsTopicArn: TOPIC, iamRoleArn: ROLE });
    // Assert
    expect(err.message).toBe(
      'an IAM role ARN is only used with a Firehose ARN',
    );
  });

  it('lists every malformed ARN in one error', () => {
    // Act
    const err = problemOf({
      firehoseArn: 'stream',
      iamRoleArn: 'arn:aws:iam::1:user/x',
    });
    // Assert
    expect(err.message).toBe(
      '"stream" is not a Firehose delivery stream ARN; "arn:aws:iam::1:user/x" is not an IAM role ARN',
    );
  });

  it('rejects a FIFO topic, which SES cannot publish to', () => {
    // Act
    const err = problemOf({ snsTopicArn: `${TOPIC}.fifo` });
    // Assert
    expect(err.message).toBe(`"${TOPIC}.fifo" is not an SNS topic ARN`);
  });
});
