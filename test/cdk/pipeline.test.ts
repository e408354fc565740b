import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthMailtrail } from '../helpers/cdk';

describe('MailtrailPipeline (default configuration)', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthMailtrail({}));
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
});
