import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EventDestination } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import type { MetricDimension } from '../../core/metrics/types';
import type { MailtrailConfig } from '../config';
import { grantPutMailtrailMetrics } from './metrics-grant';
import { privacyKey } from './privacy-key';
import {
  ALL_SES_EVENTS,
  SES_DESTINATION_NAMES,
  validateSesConfig,
} from './ses-destinations';
import { SesExistingSets } from './ses-existing-sets';
import { SesFirehoseDestination } from './ses-firehose-destination';
import { SesSnsDestination } from './ses-sns-destination';

/** Props of {@link SesEventSource}. */
export interface SesEventSourceProps {
  /** The validated configuration; `providers.ses`, `prefix`, `lake` are read. */
  readonly config: MailtrailConfig;
  /** The lake's canonical events stream. */
  readonly eventsStream: IDeliveryStream;
  /** The lake's raw payload stream. */
  readonly rawStream: IDeliveryStream;
  /** The lake bucket (the SES Firehose stream writes raw/provider=ses/). */
  readonly bucket: IBucket;
  /** Dimensions of the event counts. @default config.metrics.dimensions */
  readonly metricDimensions?: readonly MetricDimension[];
}

/**
 * SES configuration-set event publishing into the lake: an optional new
 * configuration set, event destinations for every event type to an SNS topic
 * (→ ses-sns Lambda) and/or a Firehose stream (→ raw/, transform → events),
 * and the same destinations on existing sets through a custom resource.
 * @example new SesEventSource(this, 'Ses', { config, eventsStream, rawStream, bucket })
 */
export class SesEventSource extends Construct {
  /** The configuration set the stack created, if any. */
  readonly configurationSet?: ConfigurationSet;
  /** SNS topic, subscriber and DLQ (when 'sns' is a destination). */
  readonly sns?: SesSnsDestination;
  /** Firehose stream and transform (when 'firehose' is a destination). */
  readonly firehose?: SesFirehoseDestination;
  /** The attach custom resources (when existing sets are configured). */
  readonly existingSets?: SesExistingSets;

  constructor(scope: Construct, id: string, props: SesEventSourceProps) {
    super(scope, id);
    const { config } = props;
    const ses = config.providers.ses;
    validateSesConfig(ses);
    const privacy = privacyKey(this, config.privacy);
    const dimensions = props.metricDimensions ?? config.metrics.dimensions;
    const environment: Record<string, string> = {
      [ENV.EVENTS_STREAM_NAME]: props.eventsStream.deliveryStreamName,
      [ENV.RAW_STREAM_NAME]: props.rawStream.deliveryStreamName,
      [ENV.LAKE_BUCKET]: props.bucket.bucketName,
      [ENV.METRIC_DIMENSIONS]: dimensions.join(','),
      ...privacy.environment,
    };
    if (ses.destinations.includes('sns')) {
      this.sns = new SesSnsDestination(this, 'Sns', { environment });
      const fn = this.sns.handler;
      // No S3 grant: an SNS message is at most 256 KB, so its raw record
      // always fits a Firehose record and never takes the direct-S3 path.
      props.rawStream.grantPutRecords(fn);
      this.grantLake(fn, props.eventsStream, privacy.secret);
      this.output('TopicArn', this.sns.topic.topicArn);
    }
    if (ses.destinations.includes('firehose')) {
      // With both destinations SES publishes every event twice: the lake
      // dedups by event_id, and only the SNS path counts it in metrics.
      const counts: Record<string, string> = this.sns
        ? { [ENV.PUBLISH_EVENT_COUNTS]: 'false' }
        : {};
      this.firehose = new SesFirehoseDestination(this, 'Firehose', {
        bucket: props.bucket,
        deliveryStreamName: `${config.prefix}-ses`,
        environment: { ...environment, ...counts },
        bufferingInterval: Duration.seconds(
          config.lake.bufferingIntervalSeconds,
        ),
      });
      const { transform, deliveryStream, sesRole } = this.firehose;
      this.grantLake(transform, props.eventsStream, privacy.secret);
      this.output('DeliveryStreamArn', deliveryStream.deliveryStreamArn);
      this.output('FirehoseRoleArn', sesRole.roleArn);
    }
    if (ses.configurationSetName !== '') {
      this.configurationSet = this.createConfigurationSet(
        ses.configurationSetName,
      );
    }
    if (ses.existingConfigurationSets.length > 0) {
      this.existingSets = this.attachExisting(ses.existingConfigurationSets);
    }
  }

  /** Every Lambda of the SES source (for Monitoring.monitorFunctions). */
  get functions(): IFunction[] {
    const { sns, firehose, existingSets } = this;
    return [sns?.handler, firehose?.transform, existingSets?.handler].filter(
      (fn) => fn !== undefined,
    );
  }

  /** The SES Firehose stream, if any (for Monitoring.monitorDeliveryStreams). */
  get deliveryStreams(): IDeliveryStream[] {
    return this.firehose ? [this.firehose.deliveryStream] : [];
  }

  /** The SNS path's DLQ, if any (for Monitoring.monitorQueue). */
  get dlqs(): IQueue[] {
    return this.sns ? [this.sns.dlq] : [];
  }

  private grantLake(
    fn: IFunction,
    eventsStream: IDeliveryStream,
    privacyKey: ISecret | undefined,
  ): void {
    eventsStream.grantPutRecords(fn);
    privacyKey?.grantRead(fn);
    grantPutMailtrailMetrics(fn);
  }

  private createConfigurationSet(name: string): ConfigurationSet {
    const set = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
    });
    if (this.sns) {
      set.addEventDestination('Sns', {
        configurationSetEventDestinationName: SES_DESTINATION_NAMES.sns,
        destination: EventDestination.snsTopic(this.sns.topic),
        events: [...ALL_SES_EVENTS],
      });
    }
    if (this.firehose) {
      const { deliveryStream, sesRole } = this.firehose;
      const destination = set.addEventDestination('Firehose', {
        configurationSetEventDestinationName: SES_DESTINATION_NAMES.firehose,
        destination: EventDestination.firehoseDeliveryStream({
          deliveryStream,
          role: sesRole,
        }),
        events: [...ALL_SES_EVENTS],
      });
      // SES checks at creation that the role may put to the stream: the
      // role's policy (its DefaultPolicy child) must exist first.
      destination.node.addDependency(sesRole);
    }
    return set;
  }

  private attachExisting(names: readonly string[]): SesExistingSets {
    const { sns, firehose } = this;
    return new SesExistingSets(this, 'ExistingSets', {
      configurationSetNames: names,
      targets: {
        sns: sns && { name: SES_DESTINATION_NAMES.sns, topic: sns.topic },
        firehose: firehose && {
          name: SES_DESTINATION_NAMES.firehose,
          deliveryStream: firehose.deliveryStream,
          role: firehose.sesRole,
        },
      },
      // SES validates the target when the destination is created.
      dependsOn: [sns?.topic, sns?.topicKey, firehose?.sesRole].filter(
        (d) => d !== undefined,
      ),
    });
  }

  /** Outputs what `mailtrail ses attach` needs for sets added later. */
  private output(id: string, value: string): void {
    new CfnOutput(this, id, {
      value,
      description: `SES ${id} (for mailtrail ses attach)`,
    });
  }
}
