import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { roleStatementsOf, synthMailtrail } from '../helpers/cdk';

type Resource = { Properties: Record<string, unknown> };

/** Archiver functions by their MAILTRAIL_ARCHIVER_PROVIDER. */
function archiverFunctions(template: Template): Record<string, Resource> {
  const fns = template.findResources('AWS::Lambda::Function', {
    Properties: {
      Environment: {
        Variables: { MAILTRAIL_ARCHIVER_PROVIDER: Match.anyValue() },
      },
    },
  }) as Record<string, Resource>;
  return Object.fromEntries(
    Object.entries(fns).map(([id, fn]) => {
      const env = (
        fn.Properties.Environment as { Variables: Record<string, string> }
      ).Variables;
      return [
        env.MAILTRAIL_ARCHIVER_PROVIDER as string,
        { ...fn, id } as Resource & { id: string },
      ];
    }),
  );
}

const statementsOf = roleStatementsOf;

const actionsOf = (s: Record<string, unknown>): string[] =>
  ([] as string[]).concat(s.Action as string | string[]);

describe('Archivers with every archiver on', () => {
  const { template } = synthMailtrail({
    providers: {
      blastengine: { archive: true, apiSecretName: 'team/blastengine-api' },
      mailgun: { domains: ['mg.example.com', 'mg2.example.com'], region: 'eu' },
      cmc: {
        archive: true,
        serverComposition: 'std',
        timezone: 'UTC',
        archiveLists: ['blocks', 'deliveries'],
      },
    },
    archivers: {
      blastengineSchedule: 'rate(3 hours)',
      mailgunSchedule: 'rate(30 minutes)',
      cmcSchedule: 'cron(0 2 * * ? *)',
    },
  });
  const fns = archiverFunctions(template);

  it('creates one function per archiver', () => {
    // Assert
    expect(Object.keys(fns).sort()).toStrictEqual([
      'blastengine',
      'cmc',
      'mailgun',
    ]);
  });

  it.each([
    ['blastengine', 'rate(3 hours)'],
    ['mailgun', 'rate(30 minutes)'],
    ['cmc', 'cron(0 2 * * ? *)'],
  ])(
    'schedules %s with the configured expression, retries and a DLQ',
    (provider, expression) => {
      // Assert
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        State: 'ENABLED',
        Target: {
          Input: JSON.stringify({ provider }),
          RetryPolicy: {
            MaximumRetryAttempts: 2,
            MaximumEventAgeInSeconds: 3600,
          },
          DeadLetterConfig: { Arn: Match.anyValue() },
        },
      });
    },
  );

  it('gives every archiver 15 minutes and reserves no concurrency by default', () => {
    // Assert: a reservation fails to deploy on accounts with a quota of 10.
    const settings = Object.values(fns).map((f) => [
      f.Properties.Timeout,
      f.Properties.ReservedConcurrentExecutions,
    ]);
    expect(settings).toStrictEqual([
      [900, undefined],
      [900, undefined],
      [900, undefined],
    ]);
  });

  it('reserves one execution per archiver with archivers.reserveConcurrency', () => {
    // Arrange
    const reserved = synthMailtrail({
      providers: { blastengine: { archive: true }, cmc: { enabled: false } },
      archivers: { reserveConcurrency: true },
    }).template;
    // Assert
    const settings = Object.values(archiverFunctions(reserved)).map(
      (f) => f.Properties.ReservedConcurrentExecutions,
    );
    expect(settings).toStrictEqual([1]);
  });

  it('sends failed runs to the DLQ instead of retrying them', () => {
    // Assert
    template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      {
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      },
      3,
    );
  });

  it('passes each provider its scope in the environment', () => {
    // Assert
    const env = (p: string) =>
      (fns[p]!.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
    expect([
      env('blastengine').MAILTRAIL_ARCHIVER_SECRET,
      env('mailgun').MAILTRAIL_MAILGUN_DOMAINS,
      env('mailgun').MAILTRAIL_MAILGUN_REGION,
      env('cmc').MAILTRAIL_CMC_SERVER_COMPOSITION,
      env('cmc').MAILTRAIL_CMC_TIMEZONE,
      env('cmc').MAILTRAIL_CMC_ARCHIVE_LISTS,
    ]).toStrictEqual([
      'team/blastengine-api',
      'mg.example.com,mg2.example.com',
      'eu',
      'std',
      'UTC',
      'deliveries,blocks',
    ]);
  });

  it.each([
    ['blastengine', 'team/blastengine-api'],
    ['mailgun', 'mailtrail/mailgun/api-key'],
    ['cmc', 'mailtrail/cmc/api'],
  ])(
    'lets the %s archiver read only its own secret',
    (provider, secretName) => {
      // Act
      const secretStatements = statementsOf(template, fns[provider]!).filter(
        (s) => actionsOf(s).includes('secretsmanager:GetSecretValue'),
      );
      // Assert
      expect(
        JSON.stringify(secretStatements.map((s) => s.Resource)),
      ).toStrictEqual(expect.stringContaining(`:secret:${secretName}-??????`));
      expect(secretStatements).toHaveLength(1);
    },
  );

  it('scopes S3 writes to archive/, grants the events stream and no PutMetricData (EMF)', () => {
    // Act
    const statements = statementsOf(template, fns.cmc!);
    // Assert
    const put = statements.find((s) => actionsOf(s).includes('s3:PutObject'));
    expect(JSON.stringify(put?.Resource)).toContain('/archive/*');
    expect(
      statements.some((s) => actionsOf(s).includes('firehose:PutRecordBatch')),
    ).toBe(true);
    expect(
      statements.some((s) => actionsOf(s).includes('cloudwatch:PutMetricData')),
    ).toBe(false);
  });

  it('alarms when an archiver has not succeeded in time', () => {
    // Assert
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ArchiverLastSuccess',
      Dimensions: [{ Name: 'Archiver', Value: 'cmc' }],
    });
  });
});

describe('Archivers with the default configuration', () => {
  const { template } = synthMailtrail({});

  it('creates no archiver, schedule or archiver DLQ', () => {
    // Assert
    expect(Object.keys(archiverFunctions(template))).toStrictEqual([]);
    const schedules = Object.values(
      template.findResources('AWS::Scheduler::Schedule'),
    )
      .map((s) => JSON.stringify(s.Properties.Target))
      .filter((t) => t.includes('provider'));
    expect(schedules).toStrictEqual([]);
  });
});

describe('Archivers with only CMC on', () => {
  const { template } = synthMailtrail({
    providers: { cmc: { archive: true } },
  });

  it('creates only the CMC archiver on its default daily schedule', () => {
    // Assert
    expect(Object.keys(archiverFunctions(template))).toStrictEqual(['cmc']);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 1 * * ? *)',
      Target: { Input: '{"provider":"cmc"}' },
    });
  });

  it('archives deliveries and bounces only by default (blocks needs Pro)', () => {
    // Act
    const fn = Object.values(archiverFunctions(template))[0]!;
    // Assert
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables.MAILTRAIL_CMC_ARCHIVE_LISTS,
    ).toBe('deliveries,bounces');
  });
});
