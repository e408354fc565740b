import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT } from '../../lib/constructs/webhook-ingest';
import { synthMailtrail } from '../helpers/cdk';

const ROUTE_TYPE = 'AWS::ApiGatewayV2::Route';

/** Every IAM policy statement of the template, flattened. */
function statements(template: ReturnType<typeof synthMailtrail>['template']) {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
  );
}

describe('WebhookIngest with every provider on', () => {
  const { template } = synthMailtrail({
    webhooks: { throttleRateLimit: 25, throttleBurstLimit: 50 },
    providers: { blastengine: { allowedSourceIps: ['3.114.82.121'] } },
  });

  it('routes POST for each provider, the blastengine token in the path', () => {
    // Act
    const keys = Object.values(template.findResources(ROUTE_TYPE))
      .map((r) => r.Properties.RouteKey)
      .sort();
    // Assert
    // (and the IAM-authorized suppression check, README "Suppressions")
    expect(keys).toStrictEqual([
      'GET /suppressions/{address}',
      'POST /webhooks/blastengine/{token}',
      'POST /webhooks/cmc',
      'POST /webhooks/mailgun',
    ]);
  });

  it('throttles the stage from config.webhooks', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: 25,
        ThrottlingBurstLimit: 50,
      },
    });
  });

  it('writes JSON access logs with the route key and never the path', () => {
    // Arrange
    const stage = Object.values(
      template.findResources('AWS::ApiGatewayV2::Stage'),
    )[0];
    // Act
    const format: string = stage?.Properties.AccessLogSettings.Format;
    // Assert
    expect(JSON.parse(format)).toStrictEqual(ACCESS_LOG_FORMAT);
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.(path|resourcePath)\b/);
  });

  it('gives the function the secrets by name and read access to them', () => {
    // Arrange
    const env = Match.objectLike({
      MAILTRAIL_MAILGUN_SIGNING_KEY_SECRET: 'mailtrail/mailgun/signing-key',
      MAILTRAIL_BLASTENGINE_TOKEN_SECRET: 'mailtrail/blastengine/webhook-token',
      MAILTRAIL_CMC_WEBHOOK_SECRET: 'mailtrail/cmc/webhook',
      MAILTRAIL_BLASTENGINE_ALLOWED_IPS: '3.114.82.121',
    });
    // Act
    const reads = statements(template).filter((s) =>
      JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'),
    );
    // Assert
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 28,
      Environment: { Variables: env },
    });
    expect(JSON.stringify(reads)).toMatch(
      /secret:mailtrail\/mailgun\/signing-key-\?\?\?\?\?\?/,
    );
    expect(JSON.stringify(reads)).toMatch(/secret:mailtrail\/cmc\/webhook-/);
    expect(JSON.stringify(reads)).toMatch(
      /secret:mailtrail\/blastengine\/webhook-token-/,
    );
  });

  it('creates an on-demand replay table with a TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    });
  });

  it('lets the function put records and write oversized raw bodies', () => {
    // Act
    const all = JSON.stringify(statements(template));
    // Assert
    expect(all).toContain('firehose:PutRecordBatch');
    expect(all).toContain('/raw/provider=cmc/*');
    expect(all).toContain('/rejected/provider=mailgun/*');
    expect(all).toContain('dynamodb:PutItem');
  });

  it('lets the function only put replay claims: no reads, deletes or scans', () => {
    // Act
    // (The suppression table's grants are asserted in suppressions.test.ts.)
    const onReplayTable = statements(template).filter((s) =>
      JSON.stringify(s.Resource).includes('ReplayTable'),
    );
    const actions = JSON.stringify(onReplayTable).match(/dynamodb:[A-Za-z*]+/g);
    // Assert
    expect(new Set(actions)).toStrictEqual(new Set(['dynamodb:PutItem']));
  });

  it('outputs a URL per provider', () => {
    // Act
    const outputs = Object.values(template.findOutputs('*')).map(
      (o) => o.Description,
    );
    // Assert
    expect(outputs).toEqual(
      expect.arrayContaining([
        'mailgun webhook URL (POST)',
        'blastengine webhook URL (POST)',
        'cmc webhook URL (POST)',
      ]),
    );
  });
});

describe('WebhookIngest with only Mailgun on', () => {
  const { template } = synthMailtrail({
    providers: { blastengine: { enabled: false }, cmc: { enabled: false } },
  });

  it('creates only the Mailgun route (beside the suppression check)', () => {
    template.resourceCountIs(ROUTE_TYPE, 2);
    template.hasResourceProperties(ROUTE_TYPE, {
      RouteKey: 'POST /webhooks/mailgun',
    });
  });
});
