import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type {
  IFunction,
  Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EventDestination,
  type IConfigurationSet,
} from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import { RAW_BUFFERING_SECONDS } from '../../core/buffering';
import type { MetricDimension } from '../../core/metrics/types';
import type { EventLake, LakeWriteOptions } from './event-lake';
import { metricsEnvironment } from './metrics-environment';
import {
  ALL_SES_EVENTS,
  SES_DESTINATION_NAMES,
  validateSesConfig,
} from './ses-destinations';
import { SesFirehoseDestination } from './ses-firehose-destination';
import { SesSnsDestination } from './ses-sns-destination';

/** Props of {@link SesEventSource}. */
export interface SesEventSourceProps {
  /** The lake the SES events are written into. */
  readonly lake: EventLake;
  /** Where SES publishes events. @default ['firehose'] */
  readonly destinations?: readonly ('sns' | 'firehose')[];
  /** Create this configuration set. @default none */
  readonly configurationSetName?: string;
  /** Existing configuration sets to attach the destinations to. @default [] */
  readonly existingConfigurationSets?: readonly string[];
  /** Prefix of the SES Firehose stream's name (`<prefix>-ses`). @default 'mailtrail' */
  readonly prefix?: string;
  /** S3 buffering interval of the SES Firehose stream (its output is the raw copy). @default Duration.seconds(900) */
  readonly bufferingInterval?: Duration;
  /** Dimensions of the event counts. @default ['Provider', 'SendingDomain'] */
  readonly metricDimensions?: readonly MetricDimension[];
  /**
   * Sending domains with their own `SendingDomain` value (config
   * metrics.sendingDomains); every other domain counts as `(other)`.
   * @default [] (no per-domain series)
   */
  readonly sendingDomains?: readonly string[];
}

/**
 * SES configuration-set event publishing into the lake: an optional new
 * configuration set, event destinations for every event type to an SNS topic
 * (→ ses-sns Lambda) and/or a Firehose stream (→ raw/, transform → events),
 * and the same destinations on existing sets (CloudFormation's own
 * `AWS::SES::ConfigurationSetEventDestination`: deleting the stack removes
 * only mailtrail's destinations, never the sets).
 * @example new SesEventSource(this, 'Ses', { lake, destinations: ['sns'] })
 */
export class SesEventSource extends Construct {
  /** The configuration set the stack created, if any. */
  readonly configurationSet?: ConfigurationSet;
  /** SNS topic, subscriber and DLQ (when 'sns' is a destination). */
  readonly sns?: SesSnsDestination;
  /** Firehose stream and transform (when 'firehose' is a destination). */
  readonly firehose?: SesFirehoseDestination;
  /** Event destinations on the existing sets, one per set and kind. */
  readonly existingSetDestinations: ConfigurationSetEventDestination[] = [];

  constructor(scope: Construct, id: string, props: SesEventSourceProps) {
    super(scope, id);
    const destinations = props.destinations ?? ['firehose'];
    const configurationSetName = props.configurationSetName ?? '';
    const existing = props.existingConfigurationSets ?? [];
    validateSesConfig({
      configurationSetName,
      existingConfigurationSets: existing,
    });
    const dimensions = props.metricDimensions ?? ['Provider', 'SendingDomain'];
    const environment = metricsEnvironment({
      dimensions,
      sendingDomains: props.sendingDomains ?? [],
    });
    if (destinations.includes('sns')) {
      this.sns = new SesSnsDestination(this, 'Sns', { environment });
      // No S3 grant: an SNS message is at most 256 KB, so its raw record
      // always fits a Firehose record and never takes the direct-S3 path.
      this.grantLake(props.lake, this.sns.handler, { raw: true });
      this.output('TopicArn', this.sns.topic.topicArn);
    }
    if (destinations.includes('firehose')) {
      // With both destinations SES publishes every event twice: the lake
      // dedups by event_id, and only the SNS path counts it in metrics.
      const counts: Record<string, string> = this.sns
        ? { [ENV.PUBLISH_EVENT_COUNTS]: 'false' }
        : {};
      this.firehose = new SesFirehoseDestination(this, 'Firehose', {
        bucket: props.lake.bucket,
        deliveryStreamName: `${props.prefix ?? 'mailtrail'}-ses`,
        environment: { ...environment, ...counts },
        bufferingInterval:
          props.bufferingInterval ?? Duration.seconds(RAW_BUFFERING_SECONDS),
      });
      const { transform, deliveryStream, sesRole } = this.firehose;
      this.grantLake(props.lake, transform);
      this.output('DeliveryStreamArn', deliveryStream.deliveryStreamArn);
      this.output('FirehoseRoleArn', sesRole.roleArn);
    }
    if (configurationSetName !== '') {
      this.configurationSet = this.createConfigurationSet(configurationSetName);
    }
    for (const name of existing) {
      const set = ConfigurationSet.fromConfigurationSetName(
        this,
        `Existing-${name}`,
        name,
      );
      this.existingSetDestinations.push(...this.addDestinations(set));
    }
  }

  /** Every Lambda of the SES source (for Monitoring.monitorFunctions). */
  get functions(): IFunction[] {
    const { sns, firehose } = this;
    return [sns?.handler, firehose?.transform].filter((fn) => fn !== undefined);
  }

  /** The SES Firehose stream, if any (for Monitoring.monitorDeliveryStreams). */
  get deliveryStreams(): IDeliveryStream[] {
    return this.firehose ? [this.firehose.deliveryStream] : [];
  }

  /** The SNS path's DLQ, if any (for Monitoring.monitorQueue). */
  get dlqs(): IQueue[] {
    return this.sns ? [this.sns.dlq] : [];
  }

  /** A writer of the lake that also publishes its counts. */
  private grantLake(
    lake: EventLake,
    fn: LambdaFunction,
    options?: LakeWriteOptions,
  ): void {
    lake.grantWrite(fn, options);
  }

  private createConfigurationSet(name: string): ConfigurationSet {
    const set = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
    });
    this.addDestinations(set);
    return set;
  }

  /**
   * mailtrail's event destinations (all ten event types) on one set, each
   * created after what SES validates it against: the topic policy (the L2
   * adds that dependency), the topic's key, the SES role's policy.
   */
  private addDestinations(
    set: IConfigurationSet,
  ): ConfigurationSetEventDestination[] {
    const { sns, firehose } = this;
    const events = [...ALL_SES_EVENTS];
    const out: ConfigurationSetEventDestination[] = [];
    if (sns) {
      const destination = new ConfigurationSetEventDestination(set, 'Sns', {
        configurationSet: set,
        configurationSetEventDestinationName: SES_DESTINATION_NAMES.sns,
        destination: EventDestination.snsTopic(sns.topic),
        events,
      });
      destination.node.addDependency(sns.topicKey);
      out.push(destination);
    }
    if (firehose) {
      const { deliveryStream, sesRole } = firehose;
      const destination = new ConfigurationSetEventDestination(
        set,
        'Firehose',
        {
          configurationSet: set,
          configurationSetEventDestinationName: SES_DESTINATION_NAMES.firehose,
          destination: EventDestination.firehoseDeliveryStream({
            deliveryStream,
            role: sesRole,
          }),
          events,
        },
      );
      // SES checks at creation that the role may put to the stream: the
      // role's policy (its DefaultPolicy child) must exist first.
      destination.node.addDependency(sesRole);
      out.push(destination);
    }
    return out;
  }

  /** Outputs what `mailtrail ses attach` needs for sets added later. */
  private output(id: string, value: string): void {
    new CfnOutput(this, id, {
      value,
      description: `SES ${id} (for mailtrail ses attach)`,
    });
  }
}
