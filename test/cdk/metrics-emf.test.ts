import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { emfPublisher } from '../../adapters/aws/emf-metrics';
import { archiveMetricPoints } from '../../core/archive/summary';
import type { ArchiveProvider } from '../../core/archive/types';
import { countEvents } from '../../core/metrics/aggregate';
import { dimensionSets } from '../../core/metrics/dimensions';
import { countPipeline } from '../../core/metrics/pipeline';
import { ratePoints } from '../../core/metrics/rates';
import type { MetricPoint } from '../../core/metrics/types';
import { buildEvent } from '../../core/providers/common';
import { EVENT_TYPES, PROVIDERS, type Provider } from '../../core/schema';
import { loadConfig, type MailtrailConfigInput } from '../../lib/config';
import { rolesAllowingAction, synthMailtrail } from '../helpers/cdk';
import { dashboardBody } from '../helpers/dashboard';
import { emfData } from '../helpers/emf';

// Every Lambda that counts (webhook, both SES paths, three archivers), a
// listed sending domain, and tracing on.
const CONFIG: MailtrailConfigInput = {
  prefix: 'mailtrail-emf',
  providers: {
    ses: { destinations: ['sns', 'firehose'] },
    mailgun: { domains: ['mg.example.com'] },
    blastengine: { archive: true },
    cmc: { archive: true },
  },
  metrics: { sendingDomains: ['mail.example.com'] },
  tracing: 'active',
};
const config = loadConfig(CONFIG);
const { app, stack, template } = synthMailtrail(CONFIG);

type Json = Record<string, unknown>;
const resourcesOf = (type: string) =>
  Object.entries(template.findResources(type)) as [
    string,
    { Properties: Json },
  ][];
const rolesAllowing = (re: RegExp) => rolesAllowingAction(template, re);

describe('metrics through EMF: no PutMetricData outside the rates Lambda', () => {
  it('lets only the rates role call PutMetricData (no webhook, SES or archiver role)', () => {
    // Act
    const roles = rolesAllowing(/^cloudwatch:(PutMetricData|\*)$|^\*$/);
    // Assert
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatch(/^PipelineMonitoringRatesHandlerRole/);
    const counting = resourcesOf('AWS::IAM::Role')
      .map(([id]) => id)
      .filter((id) =>
        /^Pipeline(Webhooks|Ses(Sns|Firehose)|Archivers)/.test(id),
      );
    expect(counting.length).toBeGreaterThanOrEqual(6);
    for (const id of counting) expect(roles).not.toContain(id);
  });

  it('gives no role an inline or managed CloudWatch write policy', () => {
    // Assert: grants only come as AWS::IAM::Policy (checked above).
    for (const [, role] of resourcesOf('AWS::IAM::Role')) {
      expect(JSON.stringify(role.Properties.Policies ?? [])).not.toContain(
        'cloudwatch:',
      );
      expect(
        JSON.stringify(role.Properties.ManagedPolicyArns ?? []),
      ).not.toMatch(/CloudWatch/);
    }
  });

  it('passes the listed sending domains to every counting Lambda', () => {
    // Act
    const counting = resourcesOf('AWS::Lambda::Function').filter(([id]) =>
      /^Pipeline(Webhooks|Ses(Sns|Firehose)|Monitoring)/.test(id),
    );
    // Assert
    expect(counting.length).toBeGreaterThanOrEqual(4);
    for (const [id, fn] of counting) {
      const vars = (fn.Properties.Environment as { Variables: Json }).Variables;
      expect([id, vars.MAILTRAIL_METRIC_SENDING_DOMAINS]).toStrictEqual([
        id,
        'mail.example.com',
      ]);
    }
  });
});

describe("config.tracing 'active'", () => {
  it('traces every pipeline function and passes cdk-nag with the X-Ray grants acknowledged', () => {
    // Act
    const fns = resourcesOf('AWS::Lambda::Function').filter(
      ([, fn]) => fn.Properties.Runtime === 'nodejs24.x',
    );
    // Assert
    expect(fns.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of fns) {
      expect(fn.Properties.TracingConfig).toStrictEqual({ Mode: 'Active' });
    }
    expect(rolesAllowing(/^xray:PutTraceSegments$/).length).toBe(fns.length);
    expect(() => app.synth()).not.toThrow();
    expect(
      Annotations.fromStack(stack).findError('*', Match.anyValue()),
    ).toStrictEqual([]);
  });
});

/** "Name|Dim1,Dim2" for a metric and its dimension names. */
const keyOf = (name: string, dims: readonly string[]) =>
  `${name}|${[...dims].sort().join(',')}`;

/** Every Mailtrail metric (name and dimension names) the alarms and dashboard read. */
function readByLib(): Map<string, Set<string>> {
  const read = new Map<string, Set<string>>();
  const add = (name: string, dims: Record<string, string>, where: string) => {
    const key = keyOf(name, Object.keys(dims));
    if (!read.has(key)) read.set(key, new Set());
    read.get(key)!.add(where);
    if (dims.SendingDomain !== undefined && dims.SendingDomain !== '*')
      expect(config.metrics.sendingDomains).toContain(dims.SendingDomain);
  };
  for (const [id, alarm] of resourcesOf('AWS::CloudWatch::Alarm')) {
    const p = alarm.Properties;
    expect(JSON.stringify(p)).not.toContain('SCHEMA(');
    if (p.Namespace !== 'Mailtrail') continue;
    const dims = (p.Dimensions as { Name: string; Value: string }[]) ?? [];
    add(
      p.MetricName as string,
      Object.fromEntries(dims.map((d) => [d.Name, d.Value])),
      id,
    );
  }
  for (const w of dashboardBody(template).widgets) {
    for (const m of (w.properties.metrics as unknown[][]) ?? []) {
      if (m[0] === 'Mailtrail') {
        const pairs = m.slice(2).filter((x) => typeof x === 'string');
        const dims: Record<string, string> = {};
        for (let i = 0; i < pairs.length; i += 2)
          dims[pairs[i] as string] = pairs[i + 1] as string;
        add(m[1] as string, dims, String(w.properties.title));
      }
      const expr = (m[0] as { expression?: string }).expression;
      const search = expr?.match(
        /^SEARCH\('\{Mailtrail,([^}]*)\} MetricName="(\w+)"/,
      );
      if (search) {
        const dims = Object.fromEntries(
          (search[1] as string).split(',').map((d) => [d, '*']),
        );
        add(search[2] as string, dims, String(w.properties.title));
      }
    }
  }
  return read;
}

/**
 * What the Lambdas publish: EMF lines from the emitter for every event type
 * of every provider (listed and unlisted domain), the webhook and archiver
 * counters, read back from the lines; plus the rates Lambda's points.
 */
async function publishedByLambdas(): Promise<Set<string>> {
  const { dimensions, sendingDomains } = config.metrics;
  const events = PROVIDERS.flatMap((provider: Provider) =>
    ['from@mail.example.com', 'from@elsewhere.example'].flatMap((sender) =>
      EVENT_TYPES.flatMap((eventType) =>
        (eventType === 'bounced'
          ? (['hard', 'soft', 'undetermined'] as const)
          : [null]
        ).map((bounceType) =>
          buildEvent(
            {
              provider,
              idParts: [eventType, bounceType, sender],
              eventType,
              bounceType,
              occurredAt: '2026-03-14T02:20:00.000Z',
              recipient: 'to@example.org',
              sender,
              providerEvent: eventType,
            },
            { receivedAt: '2026-03-14T02:21:00.000Z', source: 'webhook' },
          ),
        ),
      ),
    ),
  );
  const points: MetricPoint[] = [
    ...countEvents(events, dimensions, sendingDomains),
    ...PROVIDERS.flatMap((p) => [
      countPipeline('WebhookRequests', { Provider: p }),
      countPipeline('WebhookRejected', { Provider: p, Reason: 'stale' }),
      countPipeline('NormalizeErrors', { Provider: p }),
      countPipeline('SuppressionsAdded', { Provider: p, Reason: 'hard' }),
    ]),
    countPipeline('SuppressionWriteErrors', {}),
    ...(['blastengine', 'mailgun', 'cmc'] as ArchiveProvider[]).flatMap((p) =>
      archiveMetricPoints({
        provider: p,
        outcome: 'complete',
        objects: 1,
        rows: 1,
        events: 1,
        normalizeErrors: 1,
        elapsedMs: 1,
      }),
    ),
  ];
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  try {
    await emfPublisher()(points);
  } finally {
    process.stdout.write = write;
  }
  const published = new Set(
    emfData(lines).map((d) => keyOf(d.name, Object.keys(d.dimensions))),
  );
  const rates = ratePoints({ bounceRate: 0.1, complaintRate: 0.1 }, {});
  for (const set of dimensionSets(dimensions, sendingDomains.length > 0)) {
    for (const r of rates) published.add(keyOf(r.name, set));
  }
  return published;
}

describe('the dashboard and alarms read what the Lambdas emit', () => {
  it('every Mailtrail metric in lib/ is a name and dimension set the EMF emitter (or the rates Lambda) produces', async () => {
    // Arrange
    const read = readByLib();
    const published = await publishedByLambdas();
    // Act
    const unread = [...read.keys()].filter((k) => !published.has(k));
    // Assert
    expect(read.size).toBeGreaterThan(20);
    expect(unread.map((k) => [k, [...read.get(k)!]])).toStrictEqual([]);
    expect(read.has('BounceRate|Provider,SendingDomain')).toBe(true);
    expect(read.has('Accepted|Provider')).toBe(true);
    expect(read.has('ArchiverLastSuccess|Archiver')).toBe(true);
  });
});
