import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { DeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { loadConfig, type MailtrailConfigInput } from '../../lib/config';
import {
  Monitoring,
  type MonitoringProps,
} from '../../lib/constructs/monitoring';
import { monitoringProps } from '../../lib/mailtrail-pipeline';
import { dashboardBody } from '../helpers/dashboard';

const ACCOUNT = '123456789012';
const REGION = 'ap-northeast-1';

/** A stack holding only Monitoring (imported resources), cdk-nag on. */
function synth(
  input: MailtrailConfigInput = {},
  extra: (stack: Stack) => Partial<MonitoringProps> = () => ({}),
): { template: Template; monitoring: Monitoring } {
  const app = new App();
  const stack = new Stack(app, 'MonitoringTest', {
    env: { account: ACCOUNT, region: REGION },
  });
  const monitoring = new Monitoring(stack, 'Monitoring', {
    ...monitoringProps(loadConfig(input)),
    ...extra(stack),
  });
  // Runtime and the basic execution role are PipelineFunction's choices for
  // every function (owned there), not this construct's.
  Validations.of(stack).acknowledge(
    {
      id: 'AwsSolutions-L1',
      reason: 'runtime is chosen by PipelineFunction for every function',
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'the execution role is built by PipelineFunction',
    },
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { template: Template.fromStack(stack), monitoring };
}

function imported(stack: Stack): Partial<MonitoringProps> {
  return {
    httpApi: HttpApi.fromHttpApiAttributes(stack, 'Api', {
      httpApiId: 'abc123',
    }),
    functions: [
      LambdaFunction.fromFunctionArn(
        stack,
        'Fn',
        `arn:aws:lambda:${REGION}:${ACCOUNT}:function:webhook`,
      ),
    ],
    deliveryStreams: [
      DeliveryStream.fromDeliveryStreamName(stack, 'Raw', 'raw'),
    ],
    formatConversionStreams: [
      DeliveryStream.fromDeliveryStreamName(stack, 'Events', 'events'),
    ],
    dlqs: [
      Queue.fromQueueArn(stack, 'Dlq', `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`),
    ],
    archivers: [
      { name: 'mailgun-events', staleAfter: Duration.hours(3) },
      { name: 'cmc-lists' },
    ],
  };
}

type Json = Record<string, unknown>;

function widget(template: Template, title: string): Json {
  const w = dashboardBody(template).widgets.find(
    (x) => x.properties.title === title,
  );
  if (!w) throw new Error(`no widget titled ${title}`);
  return w.properties;
}

function alarm(template: Template, name: string): Json {
  const found = Object.values(
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: name },
    }),
  ) as { Properties: Json }[];
  if (found.length !== 1) throw new Error(`no alarm named ${name}`);
  return (found[0] as { Properties: Json }).Properties;
}

describe('Monitoring with defaults', () => {
  const { template } = synth();

  it('draws both rates with warning and critical lines from config', () => {
    // Act
    const bounce = widget(template, 'BounceRate (%)');
    const complaint = widget(template, 'ComplaintRate (%)');
    // Assert
    const lines = (w: Json) =>
      ((w.annotations as Json).horizontal as Json[]).map((a) => [
        a.label,
        a.value,
      ]);
    expect(lines(bounce)).toStrictEqual([
      ['warning', 5],
      ['critical', 10],
    ]);
    expect(lines(complaint)).toStrictEqual([
      ['warning', 0.1],
      ['critical', 0.5],
    ]);
  });

  it('graphs each provider volume by event type', () => {
    // Act
    const ses = widget(template, 'Events per 5 min — ses');
    // Assert
    const metrics = ses.metrics as unknown[][];
    expect(metrics).toHaveLength(14);
    expect(metrics[3]?.slice(0, 4)).toStrictEqual([
      'Mailtrail',
      'HardBounced',
      'Provider',
      'ses',
    ]);
  });

  it('draws no per-domain rate widget when no sending domain is listed', () => {
    // Assert
    const titles = dashboardBody(template).widgets.map(
      (w) => w.properties.title,
    );
    expect(titles).not.toContain('BounceRate (%) per sending domain');
  });

  it('alarms on each provider bounce rate at the warning threshold', () => {
    // Act
    const props = alarm(template, 'mailtrail-MailgunBounceRateWarning');
    // Assert
    expect(props).toMatchObject({
      Namespace: 'Mailtrail',
      MetricName: 'BounceRate',
      Dimensions: [{ Name: 'Provider', Value: 'mailgun' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      EvaluationPeriods: 1,
    });
  });

  it('creates warning and critical alarms for each rate a provider can produce', () => {
    // Assert: (SES 2 + Mailgun 2 + CMC 1) rates × 2 levels, no per-domain
    // alarm (no domain listed); the rates function's own errors alarm makes
    // one more.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    const names = Object.values(
      template.findResources('AWS::CloudWatch::Alarm'),
    ).map((r) => r.Properties.AlarmName as string);
    expect(names).toContain('mailtrail-CmcBounceRateCritical');
    // blastengine's webhook reports no sends and no deliveries, CMC's no
    // complaints: those rates are never published, so no alarm waits on them.
    expect(
      names.filter((n) => /Blastengine|CmcComplaint/.test(n)),
    ).toStrictEqual([]);
  });

  it('notifies the topic on ALARM and on OK', () => {
    // Act
    const props = alarm(template, 'mailtrail-SesBounceRateCritical');
    // Assert
    const topic = { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) };
    expect(props.AlarmActions).toStrictEqual([topic]);
    expect(props.OKActions).toStrictEqual([topic]);
  });

  it('denies non-TLS publishing on the alarm topic', () => {
    // Assert
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it("lets only this account's CloudWatch alarms publish to the topic", () => {
    // Assert: enforceSSL's policy replaces SNS's default one, so without
    // this Allow no alarm would ever reach the topic.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') },
            Condition: {
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      `:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`,
                    ],
                  ],
                },
              },
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
            },
          },
        ]),
      },
    });
  });

  it('subscribes no e-mail when none is configured', () => {
    // Assert
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('schedules the rates function with config.metrics.ratesSchedule', () => {
    // Assert
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('RatesHandler'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
  });

  it('passes the rate settings to the rates function', () => {
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAILTRAIL_METRIC_DIMENSIONS: 'Provider,SendingDomain',
          MAILTRAIL_RATE_WINDOW_HOURS: '24',
          MAILTRAIL_RATE_MINIMUM_VOLUME: '100',
        }),
      },
    });
  });

  it('limits PutMetricData to the Mailtrail namespace', () => {
    // Assert
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'cloudwatch:PutMetricData',
            Condition: {
              StringEquals: { 'cloudwatch:namespace': 'Mailtrail' },
            },
            Effect: 'Allow',
            Resource: '*',
          },
          {
            Action: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'],
            Effect: 'Allow',
            Resource: '*',
          },
        ]),
      },
    });
  });
});

describe('Monitoring with listed sending domains', () => {
  const { template } = synth({
    metrics: { sendingDomains: ['mail.example.com', 'news.example.com'] },
    providers: { mailgun: { enabled: false }, blastengine: { enabled: false } },
  });

  it('searches every sending domain when SendingDomain is a dimension', () => {
    // Act
    const domains = widget(template, 'BounceRate (%) per sending domain');
    // Assert
    expect(domains.metrics).toStrictEqual([
      [
        {
          expression:
            "SEARCH('{Mailtrail,Provider,SendingDomain} MetricName=\"BounceRate\"', 'Maximum', 3600)",
          // CloudWatch dynamic labels, not JS placeholders.
          label: ['Provider', 'SendingDomain']
            .map((d) => `\${PROP('Dim.${d}')}`)
            .join(' '),
          period: 3600,
        },
      ],
    ]);
  });

  it('alarms on each listed domain per provider at the critical level only', () => {
    // Act
    const props = alarm(
      template,
      'mailtrail-SesMailExampleComComplaintRateCritical',
    );
    // Assert: (SES 2 + CMC 1) rates × 2 domains + (2 + 1) × 2 levels
    // provider alarms + rates errors.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6 + 6 + 1);
    expect(props).toMatchObject({
      Namespace: 'Mailtrail',
      MetricName: 'ComplaintRate',
      Dimensions: [
        { Name: 'Provider', Value: 'ses' },
        { Name: 'SendingDomain', Value: 'mail.example.com' },
      ],
      Statistic: 'Maximum',
      Threshold: 0.5,
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('SCHEMA(');
  });

  it('passes the listed domains to the rates function', () => {
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAILTRAIL_METRIC_SENDING_DOMAINS: 'mail.example.com,news.example.com',
        }),
      },
    });
  });
});

describe('Monitoring of a provider without live rates', () => {
  const { template } = synth({
    providers: {
      ses: { enabled: false },
      mailgun: { enabled: false },
      cmc: { enabled: false },
    },
  });

  it('makes no rate alarm, graph or alarm list for blastengine alone', () => {
    // Assert: the rates function's own errors alarm is the only alarm.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    const body = JSON.stringify(dashboardBody(template));
    expect(body).not.toContain('BounceRate');
    expect(body).not.toContain('Rate alarms');
    // Its volume graph shows what its webhook can report, nothing else.
    const volume = dashboardBody(template).widgets.find(
      (w) => w.properties.title === 'Events per 5 min — blastengine',
    )!;
    const names = (volume.properties.metrics as string[][]).map((m) => m[1]);
    expect(names).toStrictEqual([
      'Deferred',
      'HardBounced',
      'Dropped',
      'Unknown',
    ]);
  });
});

describe('Monitoring with custom config and every resource plugged in', () => {
  const { template } = synth(
    {
      alarms: { email: 'ops@example.com' },
      metrics: {
        dimensions: ['Provider'],
        bounceRateWarning: 0.03,
        bounceRateCritical: 0.07,
        ratesSchedule: 'rate(2 hours)',
      },
      providers: { cmc: { enabled: false }, blastengine: { enabled: false } },
    },
    imported,
  );

  it('takes rate thresholds and period from config', () => {
    // Act
    const props = alarm(template, 'mailtrail-SesBounceRateCritical');
    // Assert
    expect(props).toMatchObject({ Threshold: 7, Period: 14_400 });
  });

  it('draws the configured thresholds on the bounce rate widget', () => {
    // Act
    const w = widget(template, 'BounceRate (%)');
    // Assert
    expect((w.annotations as Json).horizontal).toStrictEqual([
      { color: '#ff7f0e', label: 'warning', value: 3, yAxis: 'left' },
      { color: '#d62728', label: 'critical', value: 7, yAxis: 'left' },
    ]);
  });

  it('alarms only for enabled providers and not per domain', () => {
    // Assert
    const names = Object.values(
      template.findResources('AWS::CloudWatch::Alarm'),
    ).map((a) => (a as { Properties: Json }).Properties.AlarmName as string);
    expect(
      names.filter((n) => /Rate(Warning|Critical)$/.test(n)).sort(),
    ).toStrictEqual([
      'mailtrail-MailgunBounceRateCritical',
      'mailtrail-MailgunBounceRateWarning',
      'mailtrail-MailgunComplaintRateCritical',
      'mailtrail-MailgunComplaintRateWarning',
      'mailtrail-SesBounceRateCritical',
      'mailtrail-SesBounceRateWarning',
      'mailtrail-SesComplaintRateCritical',
      'mailtrail-SesComplaintRateWarning',
    ]);
  });

  it('subscribes the configured e-mail', () => {
    // Assert
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('alarms on webhook 5xx', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: 'abc123' }],
      Threshold: 1,
    });
  });

  it('alarms when a dead-letter queue is not empty', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'dlq' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each([
    [
      'events',
      'DeliveryToS3.DataFreshness',
      1800,
      'GreaterThanOrEqualToThreshold',
    ],
    ['events', 'DeliveryToS3.Success', 1, 'LessThanThreshold'],
    ['events', 'FailedConversion.Records', 1, 'GreaterThanOrEqualToThreshold'],
    [
      'raw',
      'DeliveryToS3.DataFreshness',
      1800,
      'GreaterThanOrEqualToThreshold',
    ],
    ['raw', 'DeliveryToS3.Success', 1, 'LessThanThreshold'],
  ])('alarms on Firehose %s %s', (stream, metric, threshold, comparison) => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Firehose',
      MetricName: metric,
      Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }],
      Threshold: threshold,
      ComparisonOperator: comparison,
    });
  });

  it('has no failed-conversion alarm on a stream without format conversion', () => {
    // Act
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'FailedConversion.Records' },
    });
    // Assert: a stream that converts nothing can never fire it.
    expect(
      Object.values(alarms).map((a) => a.Properties.Dimensions[0].Value),
    ).toStrictEqual(['events']);
  });

  it('alarms on errors of a plugged-in function', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'webhook' }],
      Threshold: 1,
    });
  });

  it('treats a missing archiver success as breaching over its stale window', () => {
    // Act
    const props = alarm(template, 'mailtrail-ArchiverStaleMailgunEvents');
    // Assert
    expect(props).toMatchObject({
      Namespace: 'Mailtrail',
      MetricName: 'ArchiverLastSuccess',
      Dimensions: [{ Name: 'Archiver', Value: 'mailgun-events' }],
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('defaults an archiver stale window to 26 hours', () => {
    // Act / Assert
    expect(
      alarm(template, 'mailtrail-ArchiverStaleCmcLists').EvaluationPeriods,
    ).toBe(26);
  });

  it('adds the pipeline health widgets', () => {
    // Act
    const titles = dashboardBody(template).widgets.map(
      (w) => w.properties.title,
    );
    // Assert
    expect(titles).toEqual(
      expect.arrayContaining([
        'Webhook 4xx / 5xx',
        'Rejected by provider and reason',
        'Lambda errors',
        'Firehose data freshness (s)',
        'DLQ depth — Dlq',
        'Archiver successes per hour',
      ]),
    );
  });
});

describe('Monitoring props validation', () => {
  it('lists every invalid archiver at once', () => {
    // Act
    const act = () =>
      synth({}, () => ({
        archivers: [
          { name: 'a b' },
          { name: 'x', staleAfter: Duration.days(8) },
          { name: 'x' },
        ],
      }));
    // Assert
    expect(act).toThrow(
      [
        'Invalid Monitoring archivers:',
        "  - archiver name 'a b' must be 1-64 of [A-Za-z0-9._-]",
        "  - archiver 'x' staleAfter must be 1 h to 7 days",
        '  - duplicate archiver names: x',
      ].join('\n'),
    );
  });
});

describe('Monitoring with a KMS-encrypted alarm topic', () => {
  const { template } = synth({}, (stack) => ({
    topicKey: new Key(stack, 'TopicKey', { enableKeyRotation: true }),
  }));

  it('lets CloudWatch use the key, so alarms can publish to the topic', () => {
    // Assert
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToUseTheKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    });
  });
});

describe('Monitoring with listed domains and a long rates schedule', () => {
  const { template } = synth({
    metrics: {
      ratesSchedule: 'rate(2 hours)',
      sendingDomains: ['mail.example.com'],
    },
  });

  it('alarms per domain on the published metric over the rate period (no Metrics Insights query)', () => {
    // Act
    const props = alarm(
      template,
      'mailtrail-CmcMailExampleComBounceRateCritical',
    );
    // Assert: two schedule intervals, 4 hours; no alarm is a query.
    expect([props.MetricName, props.Period]).toStrictEqual([
      'BounceRate',
      14_400,
    ]);
    expect(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { Metrics: Match.anyValue() },
      }),
    ).toStrictEqual({});
  });
});
