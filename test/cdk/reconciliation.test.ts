import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { MailtrailConfigInput } from '../../lib/config';
import { roleStatementsOf, synthMailtrail } from '../helpers/cdk';

type Resource = { Properties: Record<string, unknown> };

const ARCHIVED: MailtrailConfigInput = {
  providers: {
    mailgun: { domains: ['mg.example.com'] },
    cmc: { archive: true, serverComposition: 'std' },
  },
};

function reconcileFunction(template: Template): [string, Resource] {
  const fns = Object.entries(
    template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: { MAILTRAIL_RECONCILIATION_QUERY_ID: Match.anyValue() },
        },
      },
    }),
  ) as [string, Resource][];
  expect(fns).toHaveLength(1);
  return fns[0]!;
}

const statementsOf = (template: Template, fn: Resource) =>
  roleStatementsOf(template, fn) as {
    Action: string | string[];
    Resource: unknown;
  }[];

const actions = (s: { Action: string | string[] }) =>
  ([] as string[]).concat(s.Action);

const missedAlarms = (template: Template) =>
  template.findResources('AWS::CloudWatch::Alarm', {
    Properties: { AlarmName: Match.stringLikeRegexp('MissedWebhooks') },
  }) as Record<string, Resource>;

describe('Reconciliation with Mailgun and CMC archived', () => {
  const { template } = synthMailtrail(ARCHIVED);
  const [fnId, fn] = reconcileFunction(template);

  it('runs the reconciliation named query over the last 7 days', () => {
    const env = (
      fn.Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(env.MAILTRAIL_RECONCILIATION_DAYS).toBe('7');
    expect(env.MAILTRAIL_RECONCILIATION_MISSED_SHARE).toBe('0.001');
    expect(env.MAILTRAIL_ATHENA_WORKGROUP).toBe('mailtrail');
    const [queryId] = Object.keys(
      template.findResources('AWS::Athena::NamedQuery', {
        Properties: { Name: 'reconciliation' },
      }),
    );
    expect(env.MAILTRAIL_RECONCILIATION_QUERY_ID).toStrictEqual({
      'Fn::GetAtt': [queryId, 'NamedQueryId'],
    });
  });

  it('is invoked daily by its own schedule, without retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
  });

  it('may run queries in the lake workgroup only, and read what the query reads', () => {
    const statements = statementsOf(template, fn);
    const athena = statements.find((s) =>
      actions(s).includes('athena:StartQueryExecution'),
    )!;
    expect(actions(athena)).toContain('athena:GetNamedQuery');
    expect(JSON.stringify(athena.Resource)).toContain(':workgroup/mailtrail');
    expect(JSON.stringify(athena.Resource)).not.toContain('"*"');
    const glue = statements.filter((s) =>
      actions(s).some((a) => a.startsWith('glue:')),
    );
    expect(glue.flatMap(actions)).toEqual(
      expect.arrayContaining(['glue:GetTable', 'glue:GetDatabase']),
    );
    const s3 = JSON.stringify(
      statements.filter((s) => actions(s).some((a) => a.startsWith('s3:'))),
    );
    expect(s3).toContain('/events/*');
    expect(s3).toContain('/athena-results/*');
    // Never raw/ or the whole bucket's objects.
    expect(s3).not.toContain('/raw/');
    expect(s3).not.toMatch(/\.Arn"\]\},"\/\*"/);
    const writes = statements.filter((s) =>
      actions(s).some((a) => a.startsWith('s3:PutObject')),
    );
    expect(JSON.stringify(writes)).not.toContain('/events/');
    // EMF through the log group: no PutMetricData needed.
    expect(statements.flatMap(actions)).not.toContain(
      'cloudwatch:PutMetricData',
    );
  });

  it('alarms per archived provider when a day misses more than 0.1 % (and ≥ 1)', () => {
    const alarms = Object.values(missedAlarms(template));
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toStrictEqual([
      'mailtrail-MissedWebhooksCmc',
      'mailtrail-MissedWebhooksMailgun',
    ]);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 7,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
      });
      const metrics = a.Properties.Metrics as {
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string }; Period: number };
      }[];
      expect(metrics.find((m) => m.Expression)!.Expression).toBe(
        'IF(missed >= 1 AND missed > 0.001 * events, 1, 0)',
      );
      expect(
        metrics.flatMap((m) =>
          m.MetricStat
            ? [[m.MetricStat.Metric.MetricName, m.MetricStat.Period]]
            : [],
        ),
      ).toStrictEqual([
        ['MissedWebhookEvents', 86400],
        ['ReconciledEvents', 86400],
      ]);
    }
  });

  it('keeps an archive freshness alarm for every enabled archiver', () => {
    const stale = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: Match.stringLikeRegexp('ArchiverStale') },
    }) as Record<string, Resource>;
    expect(
      Object.values(stale)
        .map((a) => a.Properties.AlarmName)
        .sort(),
    ).toStrictEqual([
      'mailtrail-ArchiverStaleCmc',
      'mailtrail-ArchiverStaleMailgun',
    ]);
  });
});

describe('Reconciliation configuration', () => {
  it('takes the share, days and schedule from the config', () => {
    const { template } = synthMailtrail({
      ...ARCHIVED,
      reconciliation: {
        days: 10,
        missedShare: 0.02,
        schedule: 'cron(30 7 * * ? *)',
      },
    });
    const alarm = Object.values(missedAlarms(template))[0]!;
    // CloudWatch evaluates at most 7 one-day periods.
    expect(alarm.Properties.EvaluationPeriods).toBe(7);
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
      'missed > 0.02 * events',
    );
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 * * ? *)',
    });
    const [, fn] = reconcileFunction(template);
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables.MAILTRAIL_RECONCILIATION_DAYS,
    ).toBe('10');
  });

  it('is not deployed without an archiver', () => {
    const { template } = synthMailtrail({});
    expect(
      template.findResources('AWS::Lambda::Function', {
        Properties: {
          Environment: {
            Variables: { MAILTRAIL_RECONCILIATION_QUERY_ID: Match.anyValue() },
          },
        },
      }),
    ).toStrictEqual({});
    expect(missedAlarms(template)).toStrictEqual({});
  });
});
