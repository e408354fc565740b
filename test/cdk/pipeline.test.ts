import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIREHOSE_S3_ACTIONS } from '../../lib/constructs/firehose-bucket-access';
import {
  LAMBDA_NODE_MAJOR,
  LAMBDA_RUNTIME,
  PIPELINE_BUNDLING,
} from '../../lib/constructs/pipeline-function';
import { rolesAllowingAction, synthMailtrail } from '../helpers/cdk';

describe('MailtrailPipeline (default configuration)', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthMailtrail({}));
  });

  it('runs every pipeline function on the Node the bundles target and the handler tests use', () => {
    // Arrange: functions the stack's own constructs add (custom resources,
    // log retention, bucket notifications) pick their own runtimes.
    const runtimes = new Set(
      Object.entries(template.findResources('AWS::Lambda::Function'))
        .filter(([id]) => id.startsWith('Pipeline'))
        .map(([, fn]) => fn.Properties.Runtime as string),
    );
    // Assert
    expect(runtimes).toStrictEqual(new Set([`nodejs${LAMBDA_NODE_MAJOR}.x`]));
    expect(LAMBDA_RUNTIME.name).toBe(`nodejs${LAMBDA_NODE_MAJOR}.x`);
    expect(PIPELINE_BUNDLING.target).toBe(`node${LAMBDA_NODE_MAJOR}`);
  });

  it('alarms on the webhook API 5xx of the deployed API', () => {
    // Arrange
    const apis = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    // Assert
    expect(apis).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apis[0] } }],
    });
  });

  it('alarms on errors of the webhook function', () => {
    // Arrange
    const webhookFn = Object.entries(
      template.findResources('AWS::Lambda::Function'),
    ).find(([id]) => id.startsWith('PipelineWebhooksHandler'));
    // Assert
    expect(webhookFn).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: webhookFn?.[0] } }],
    });
  });

  it('outputs the alarm topic and the dashboard', () => {
    // Assert
    const outputs = template.findOutputs('*');
    const descriptions = Object.values(outputs).map((o) => o.Description);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'SNS topic every mailtrail alarm notifies',
        'CloudWatch dashboard',
        'Lake bucket',
        'Athena workgroup',
      ]),
    );
    template.hasOutput('*', {
      Value: { Ref: Match.stringLikeRegexp('MonitoringAlarmTopic') },
    });
  });

  it('alarms on failed conversions only of the stream that converts (events)', () => {
    // Arrange: three streams (events, raw, ses); only events writes Parquet.
    const streams = template.findResources(
      'AWS::KinesisFirehose::DeliveryStream',
    );
    const converting = Object.entries(streams)
      .filter(
        ([, s]) =>
          s.Properties.ExtendedS3DestinationConfiguration
            ?.DataFormatConversionConfiguration !== undefined,
      )
      .map(([id]) => ({ Ref: id }));
    // Act
    const alarmed = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'FailedConversion.Records' },
      }),
    ).map((a) => a.Properties.Dimensions[0].Value);
    // Assert
    expect(Object.keys(streams)).toHaveLength(3);
    expect(converting).toHaveLength(1);
    expect(alarmed).toStrictEqual(converting);
  });

  it('traces no function and grants no X-Ray action (config tracing defaults to off)', () => {
    // Act
    const fns = Object.values(template.findResources('AWS::Lambda::Function'));
    // Assert
    expect(fns.length).toBeGreaterThan(0);
    for (const fn of fns) {
      expect(fn.Properties.TracingConfig).toBeUndefined();
    }
    expect(rolesAllowingAction(template, /^xray:/)).toStrictEqual([]);
  });

  it('lets no role but the rates role call PutMetricData (the Lambdas write EMF)', () => {
    // Act
    const roles = rolesAllowingAction(
      template,
      /^cloudwatch:(PutMetricData|\*)$|^\*$/,
    );
    // Assert
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatch(/^PipelineMonitoringRatesHandlerRole/);
  });
});

describe('Firehose delivery roles (default configuration)', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthMailtrail({}));
  });

  /** The S3 actions of every policy attached to a role Firehose assumes. */
  function firehoseS3Actions(): Map<string, Set<string>> {
    const roles = Object.entries(template.findResources('AWS::IAM::Role'))
      .filter(([, r]) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes(
          'firehose.amazonaws.com',
        ),
      )
      .map(([id]) => id);
    const byRole = new Map<string, Set<string>>(
      roles.map((id) => [id, new Set<string>()]),
    );
    for (const policy of Object.values(
      template.findResources('AWS::IAM::Policy'),
    )) {
      for (const { Ref } of policy.Properties.Roles as { Ref: string }[]) {
        for (const st of policy.Properties.PolicyDocument.Statement) {
          for (const action of [st.Action].flat() as string[]) {
            if (action.startsWith('s3:')) byRole.get(Ref)?.add(action);
          }
        }
      }
    }
    return byRole;
  }

  it('grants each Firehose role only the S3 actions Firehose needs', () => {
    // Act
    const byRole = firehoseS3Actions();
    // Assert: events, raw and the SES stream.
    expect(byRole.size).toBe(3);
    for (const actions of byRole.values()) {
      expect([...actions].sort()).toStrictEqual([...FIREHOSE_S3_ACTIONS]);
    }
  });

  it('lets no Firehose role delete, lock or hold lake objects', () => {
    // Act
    const all = [...firehoseS3Actions().values()].flatMap((a) => [...a]);
    // Assert
    for (const forbidden of [
      /^s3:DeleteObject/,
      /^s3:PutObjectRetention$/,
      /^s3:PutObjectLegalHold$/,
      /\*/,
    ]) {
      expect(all.filter((a) => forbidden.test(a))).toStrictEqual([]);
    }
  });
});
