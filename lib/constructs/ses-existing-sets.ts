import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct, type IDependable } from 'constructs';
import type { AttachResourceProperties } from '../../contract/custom-resources';
import { PipelineFunction } from './pipeline-function';
import { acknowledgeProviderFramework } from './ses-nag';

/** CloudFormation type of one attached event destination. */
export const SES_ATTACH_RESOURCE_TYPE = 'Custom::MailtrailSesEventDestination';

/** Where SES should publish from the existing sets. */
export interface SesExistingSetTargets {
  /** Event destination name → SNS topic. */
  readonly sns?: { readonly name: string; readonly topic: ITopic };
  /** Event destination name → Firehose stream, and the role SES assumes. */
  readonly firehose?: {
    readonly name: string;
    readonly deliveryStream: IDeliveryStream;
    readonly role: IRole;
  };
}

/** Props of {@link SesExistingSets}. */
export interface SesExistingSetsProps {
  /** Names of configuration sets that already exist in this account/region. */
  readonly configurationSetNames: readonly string[];
  readonly targets: SesExistingSetTargets;
  /** Resources that must exist before SES validates a target (topic policy, key). */
  readonly dependsOn?: readonly IDependable[];
}

/**
 * Attaches mailtrail's event destinations to configuration sets the stack
 * does not own, through a small Provider-framework Lambda
 * (lambdas/ses-attach-resource) running the same create-or-update logic as
 * `mailtrail ses attach`. One resource per set and destination; deleting the
 * stack removes only mailtrail's destinations, never the sets.
 */
export class SesExistingSets extends Construct {
  /** The onEvent Lambda of the provider. */
  readonly handler: IFunction;
  /** The custom resources, one per set and destination kind. */
  readonly resources: CustomResource[] = [];

  constructor(scope: Construct, id: string, props: SesExistingSetsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.handler = new PipelineFunction(this, 'Handler', {
      handler: 'ses-attach-resource',
      timeout: Duration.minutes(1),
    }).fn;
    // SES has no L2 grant for event destinations: the four calls the attach
    // logic makes, on the named sets only.
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'ses:GetConfigurationSetEventDestinations',
          'ses:CreateConfigurationSetEventDestination',
          'ses:UpdateConfigurationSetEventDestination',
          'ses:DeleteConfigurationSetEventDestination',
        ],
        resources: props.configurationSetNames.map((name) =>
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: name,
          }),
        ),
      }),
    );
    props.targets.firehose?.role.grantPassRole(this.handler.grantPrincipal);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeProviderFramework(provider, this.handler);
    for (const set of props.configurationSetNames) {
      for (const properties of this.propertiesFor(set, props.targets)) {
        const kind = properties.SnsTopicArn ? 'Sns' : 'Firehose';
        const resource = new CustomResource(this, `${set}-${kind}`, {
          serviceToken: provider.serviceToken,
          resourceType: SES_ATTACH_RESOURCE_TYPE,
          properties: { ...properties },
        });
        for (const d of props.dependsOn ?? []) resource.node.addDependency(d);
        this.resources.push(resource);
      }
    }
  }

  private propertiesFor(
    set: string,
    targets: SesExistingSetTargets,
  ): AttachResourceProperties[] {
    const out: AttachResourceProperties[] = [];
    if (targets.sns) {
      out.push({
        ConfigurationSetName: set,
        DestinationName: targets.sns.name,
        SnsTopicArn: targets.sns.topic.topicArn,
      });
    }
    if (targets.firehose) {
      out.push({
        ConfigurationSetName: set,
        DestinationName: targets.firehose.name,
        FirehoseArn: targets.firehose.deliveryStream.deliveryStreamArn,
        IamRoleArn: targets.firehose.role.roleArn,
      });
    }
    return out;
  }
}
