import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../contract/env';
import { synthMailtrail } from '../helpers/cdk';

type Template = ReturnType<typeof synthMailtrail>['template'];

function statements(template: Template) {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
  );
}

function suppressionTable(template: Template) {
  const tables = template.findResources('AWS::DynamoDB::Table', {
    Properties: { KeySchema: [{ AttributeName: 'address', KeyType: 'HASH' }] },
  });
  expect(Object.keys(tables)).toHaveLength(1);
  return Object.entries(tables)[0]!;
}

describe('Suppressions by default', () => {
  const { template } = synthMailtrail();

  it('keeps one on-demand, encrypted table with PITR, retained', () => {
    const [, table] = suppressionTable(template);
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.StreamSpecification).toBeUndefined();
  });

  it('serves GET /suppressions/{address} with IAM authorization only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /suppressions/{address}',
      AuthorizationType: 'AWS_IAM',
    });
  });

  it('lets every event-writing function write the table', () => {
    const [id] = suppressionTable(template);
    const fns = Object.values(
      template.findResources('AWS::Lambda::Function'),
    ).filter(
      (f) => f.Properties.Environment?.Variables?.[ENV.SUPPRESSIONS_TABLE],
    );
    // webhook, SES Firehose transform, and the reader.
    expect(fns.length).toBeGreaterThanOrEqual(3);
    const writes = statements(template).filter(
      (s) =>
        JSON.stringify(s.Action).includes('dynamodb:UpdateItem') &&
        JSON.stringify(s.Resource).includes(id),
    );
    expect(writes.length).toBeGreaterThanOrEqual(2);
    const onTable = statements(template).filter((s) =>
      JSON.stringify(s.Resource).includes(id),
    );
    const actions = new Set(
      onTable.flatMap((s) => [s.Action].flat() as string[]),
    );
    expect(actions).toStrictEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:UpdateItem']),
    );
  });

  it('alarms on write errors and graphs suppressions added per day', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SuppressionWriteErrors',
      Namespace: 'Mailtrail',
    });
    const dashboard = Object.values(
      template.findResources('AWS::CloudWatch::Dashboard'),
    )[0]!;
    expect(JSON.stringify(dashboard.Properties.DashboardBody)).toContain(
      'MetricName=\\\\\\"SuppressionsAdded\\\\\\"',
    );
  });

  it('creates no push resources', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventSourceMapping',
      { EventSourceArn: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) },
      0,
    );
    expect(
      statements(template).filter((s) =>
        JSON.stringify(s.Action).includes('ses:PutSuppressedDestination'),
      ),
    ).toEqual([]);
  });
});

describe('Suppressions with the SES push on', () => {
  const { template } = synthMailtrail({
    suppressions: { push: { ses: { enabled: true } } },
  });

  it('streams keys to a push function with bisect, retries and an SQS DLQ', () => {
    const [, table] = suppressionTable(template);
    expect(table.Properties.StreamSpecification).toEqual({
      StreamViewType: 'KEYS_ONLY',
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: Match.anyValue() },
      },
    });
    expect(
      statements(template).some((s) =>
        JSON.stringify(s.Action).includes('ses:PutSuppressedDestination'),
      ),
    ).toBe(true);
  });

  it('alarms when the push DLQ holds a message', () => {
    const queues = Object.keys(
      template.findResources('AWS::SQS::Queue', {}),
    ).filter((id) => id.includes('PushDlq'));
    expect(queues).toHaveLength(1);
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm'),
    ).filter((a) => JSON.stringify(a).includes(queues[0]!));
    expect(alarms.length).toBeGreaterThan(0);
  });
});

describe('Suppressions off', () => {
  it('creates no table, route or writer environment', () => {
    const { template } = synthMailtrail({ suppressions: { enabled: false } });
    expect(
      Object.keys(
        template.findResources('AWS::DynamoDB::Table', {
          Properties: {
            KeySchema: [{ AttributeName: 'address', KeyType: 'HASH' }],
          },
        }),
      ),
    ).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain(
      ENV.SUPPRESSIONS_TABLE,
    );
  });
});

describe('Suppressions without a webhook provider', () => {
  it('serves the route from an access-logged API of its own', () => {
    const { template } = synthMailtrail({
      providers: {
        mailgun: { enabled: false },
        blastengine: { enabled: false },
        cmc: { enabled: false },
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /suppressions/{address}',
      AuthorizationType: 'AWS_IAM',
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});
