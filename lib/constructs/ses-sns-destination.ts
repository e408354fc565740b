import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PipelineFunction } from './pipeline-function';
import { sesConfigurationSetPrincipal } from './ses-destinations';
import { acknowledgeDlq } from './ses-nag';

/** Props of {@link SesSnsDestination}. */
export interface SesSnsDestinationProps {
  /** Environment of the subscriber (stream names, metric dimensions). */
  readonly environment: Record<string, string>;
  /** Retries of a failed asynchronous invocation before the DLQ. @default 2 */
  readonly retryAttempts?: number;
}

/**
 * The SNS leg of SES event publishing: a KMS-encrypted, SSL-only topic that
 * any configuration set of this account may publish to, and a subscriber
 * Lambda (lambdas/ses-sns) that normalizes into the lake. Messages SNS cannot
 * deliver and invocations that still fail after Lambda's retries go to one
 * SSL-only DLQ.
 */
export class SesSnsDestination extends Construct {
  /** The topic SES configuration sets publish to. */
  readonly topic: Topic;
  /** The customer-managed key encrypting the topic. */
  readonly topicKey: Key;
  /** The subscriber that writes canonical events and raw records. */
  readonly handler: LambdaFunction;
  /**
   * Undeliverable messages and failed invocations (14 days); give it to
   * Monitoring.monitorQueue for the not-empty alarm.
   */
  readonly dlq: Queue;

  constructor(scope: Construct, id: string, props: SesSnsDestinationProps) {
    super(scope, id);
    // Recipients are personal data: SSE-KMS rather than an unencrypted topic.
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the mailtrail SES event topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'mailtrail SES events',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    // SES (with the key actions it needs) may publish for any configuration
    // set of this account, so sets attached later with `mailtrail ses
    // attach` work without a redeploy; the source conditions stop other
    // accounts from using the topic (confused deputy).
    this.topic.grantPublish(sesConfigurationSetPrincipal(this));
    this.dlq = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledgeDlq(this.dlq);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'ses-sns',
      environment: props.environment,
      functionProps: {
        retryAttempts: props.retryAttempts ?? 2,
        onFailure: new SqsDestination(this.dlq),
      },
    }).fn;
    this.topic.addSubscription(
      new LambdaSubscription(this.handler, { deadLetterQueue: this.dlq }),
    );
  }
}
