import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Compression,
  DeliveryStream,
  EnableLogging,
  LambdaFunctionProcessor,
  S3Bucket,
  StreamEncryption,
} from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { firehoseDeliveryView } from './firehose-bucket-access';
import { PipelineFunction } from './pipeline-function';
import { sesConfigurationSetPrincipal } from './ses-destinations';
import { acknowledgeSesStreamRole } from './ses-nag';

/** SES records land as received (gzip NDJSON) beside the other raw payloads. */
export const SES_RAW_PREFIX = 'raw/provider=ses/dt=!{timestamp:yyyy-MM-dd}/';

/** Records the transform marks ProcessingFailed (or cannot deliver) land here. */
export const SES_ERROR_PREFIX =
  'errors/ses/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';

/** Props of {@link SesFirehoseDestination}. */
export interface SesFirehoseDestinationProps {
  /** The lake bucket. */
  readonly bucket: IBucket;
  /** Delivery stream name. */
  readonly deliveryStreamName: string;
  /** Environment of the transform (events stream name, metric dimensions). */
  readonly environment: Record<string, string>;
  /** S3 buffering interval. */
  readonly bufferingInterval: Duration;
}

/**
 * The Firehose leg of SES event publishing, a stream of its own because SES
 * writes its own JSON, not canonical events. Design: the stream's S3 output
 * IS the raw evidence — SES records as received, gzip, under
 * raw/provider=ses/. Its transformation Lambda (lambdas/ses-firehose-transform)
 * normalizes each record and puts the canonical events into the lake's
 * EVENTS stream (so they land in the Parquet table), then returns every
 * record unchanged: `Ok` → raw/, unparseable → `ProcessingFailed` → errors/ses/
 * (never dropped). If the events write fails the Lambda throws and Firehose
 * retries the invocation; duplicates are harmless (deterministic event_id).
 */
export class SesFirehoseDestination extends Construct {
  /** The stream SES configuration sets publish to. */
  readonly deliveryStream: DeliveryStream;
  /** The transformation Lambda. */
  readonly transform: LambdaFunction;
  /** The role SES assumes to put records (any configuration set of this account). */
  readonly sesRole: Role;
  /** The role Firehose writes to S3 and invokes the transform with. */
  readonly streamRole: Role;
  /** Firehose delivery error logs. */
  readonly logGroup: LogGroup;

  constructor(
    scope: Construct,
    id: string,
    props: SesFirehoseDestinationProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    this.transform = new PipelineFunction(this, 'Transform', {
      handler: 'ses-firehose-transform',
      // Firehose waits at most 5 minutes for a transformation invocation.
      timeout: Duration.minutes(2),
      environment: props.environment,
    }).fn;
    this.streamRole = new Role(this, 'StreamRole', {
      // Confused-deputy guard recommended by the Firehose S3 access docs.
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': stack.account } },
      }),
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deliveryStream = new DeliveryStream(this, 'Stream', {
      deliveryStreamName: props.deliveryStreamName,
      encryption: StreamEncryption.awsOwnedKey(),
      destination: new S3Bucket(firehoseDeliveryView(props.bucket), {
        role: this.streamRole,
        loggingConfig: new EnableLogging(this.logGroup),
        dataOutputPrefix: SES_RAW_PREFIX,
        errorOutputPrefix: SES_ERROR_PREFIX,
        compression: Compression.GZIP,
        bufferingInterval: props.bufferingInterval,
        bufferingSize: Size.mebibytes(64),
        processors: [
          new LambdaFunctionProcessor(this.transform, {
            bufferInterval: Duration.minutes(1),
            // Responses echo the input, so keep batches well under Lambda's 6 MB.
            bufferSize: Size.mebibytes(1),
            retries: 3,
          }),
        ],
      }),
    });
    this.sesRole = new Role(this, 'SesRole', {
      description: 'Assumed by SES to publish configuration-set events',
      assumedBy: sesConfigurationSetPrincipal(this),
    });
    this.deliveryStream.grantPutRecords(this.sesRole);
    acknowledgeSesStreamRole(this.streamRole, props.bucket, this.transform);
  }
}
