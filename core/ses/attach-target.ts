import { PipelineError } from '../errors';
import type { AttachTarget } from './attach-plan';

// Partition-aware (aws, aws-cn, aws-us-gov…). SES publishes to standard
// topics only, so a FIFO name (`.fifo`) does not match.
const SNS_TOPIC_ARN =
  /^arn:aws(?:-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
const FIREHOSE_ARN =
  /^arn:aws(?:-[a-z]+)*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]{1,64}$/;
const IAM_ROLE_ARN =
  /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** The target options as given (CLI flags). */
export interface AttachTargetInput {
  readonly snsTopicArn?: string;
  readonly firehoseArn?: string;
  readonly iamRoleArn?: string;
}

function check(
  problems: string[],
  value: string | undefined,
  pattern: RegExp,
  what: string,
): void {
  if (value !== undefined && !pattern.test(value)) {
    problems.push(`"${value}" is not ${what}`);
  }
}

/**
 * Validates the target options and returns the one target they name; throws
 * one PipelineError (reason 'config') listing every problem: both or neither
 * target, Firehose without a role, a role without Firehose, malformed ARNs.
 * @example parseAttachTarget({ snsTopicArn: 'arn:aws:sns:us-east-1:1…:t' })
 */
export function parseAttachTarget(input: AttachTargetInput): AttachTarget {
  const { snsTopicArn, firehoseArn, iamRoleArn } = input;
  const problems: string[] = [];
  if (snsTopicArn !== undefined && firehoseArn !== undefined) {
    problems.push('give either an SNS topic ARN or a Firehose ARN, not both');
  } else if (snsTopicArn === undefined && firehoseArn === undefined) {
    problems.push('give an SNS topic ARN or a Firehose ARN');
  }
  if (firehoseArn !== undefined && iamRoleArn === undefined) {
    problems.push('a Firehose destination needs an IAM role ARN');
  }
  if (firehoseArn === undefined && iamRoleArn !== undefined) {
    problems.push('an IAM role ARN is only used with a Firehose ARN');
  }
  check(problems, snsTopicArn, SNS_TOPIC_ARN, 'an SNS topic ARN');
  check(problems, firehoseArn, FIREHOSE_ARN, 'a Firehose delivery stream ARN');
  check(problems, iamRoleArn, IAM_ROLE_ARN, 'an IAM role ARN');
  if (problems.length > 0)
    throw new PipelineError(problems.join('; '), 'config');
  return snsTopicArn !== undefined
    ? { kind: 'sns', topicArn: snsTopicArn }
    : {
        kind: 'firehose',
        deliveryStreamArn: firehoseArn!,
        iamRoleArn: iamRoleArn!,
      };
}
