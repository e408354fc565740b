import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../lib/config';

describe('loadConfig', () => {
  it('fills every default from an empty configuration', () => {
    // Act
    const config = loadConfig(undefined);
    // Assert
    expect(config.prefix).toBe('mailtrail');
    expect(config.providers.cmc.timezone).toBe('Asia/Tokyo');
    expect(config.providers.ses.destinations).toStrictEqual(['firehose']);
    expect(config.tracing).toBe('off');
    expect(config.metrics).toStrictEqual({
      dimensions: ['Provider', 'SendingDomain'],
      sendingDomains: [],
      rateWindowHours: 24,
      minimumVolume: 100,
      bounceRateWarning: 0.05,
      bounceRateCritical: 0.1,
      complaintRateWarning: 0.001,
      complaintRateCritical: 0.005,
      ratesSchedule: 'rate(15 minutes)',
    });
    expect(config.lake.rawExpireAfterDays).toBe(400);
    expect(config.alarms.email).toBeUndefined();
  });

  it('keeps values the user set', () => {
    const config = loadConfig({
      providers: { cmc: { timezone: 'UTC' } },
      metrics: { dimensions: ['Provider'] },
    });
    expect(config.providers.cmc.timezone).toBe('UTC');
    expect(config.metrics.dimensions).toStrictEqual(['Provider']);
  });

  it('still parses an earlier configuration unchanged (SNS only, no new keys)', () => {
    // Act
    const config = loadConfig({
      providers: { ses: { destinations: ['sns'] } },
      metrics: { dimensions: ['Provider', 'SendingDomain'] },
    });
    // Assert
    expect(config.providers.ses.destinations).toStrictEqual(['sns']);
    expect(config.metrics.sendingDomains).toStrictEqual([]);
    expect(config.tracing).toBe('off');
  });

  it('accepts listed sending domains, both SES destinations and active tracing', () => {
    const config = loadConfig({
      metrics: { sendingDomains: ['mail.example.com', 'news.example.jp'] },
      providers: { ses: { destinations: ['firehose', 'sns'] } },
      tracing: 'active',
    });
    expect(config.metrics.sendingDomains).toStrictEqual([
      'mail.example.com',
      'news.example.jp',
    ]);
    expect(config.providers.ses.destinations).toStrictEqual([
      'firehose',
      'sns',
    ]);
    expect(config.tracing).toBe('active');
  });

  it('lists every problem with the new metrics, SES and tracing keys at once', () => {
    // Act
    let error: unknown;
    try {
      loadConfig({
        metrics: {
          sendingDomains: ['Mail.Example.com', 'localhost', 'a.jp', 'a.jp'],
        },
        providers: { ses: { destinations: ['firehose', 'firehose'] } },
        tracing: 'sampled',
      });
    } catch (err) {
      error = err;
    }
    // Assert
    const problems = (error as ConfigError).problems;
    expect(problems).toStrictEqual([
      'providers.ses.destinations: no destination twice',
      'metrics.sendingDomains.0: a lower-case domain name, e.g. mail.example.com',
      'metrics.sendingDomains.1: a domain name with a dot',
      'metrics.sendingDomains: no domain twice',
      'tracing: Invalid option: expected one of "off"|"active"',
    ]);
  });

  it('lists every problem at once', () => {
    // Act
    let error: unknown;
    try {
      loadConfig({
        prefix: 'Bad Prefix',
        providers: { cmc: { timezone: 'Mars/Olympus' } },
        metrics: { dimensions: ['Campaign'] },
        alarms: { email: 'not-an-email' },
        surprise: true,
      });
    } catch (err) {
      error = err;
    }
    // Assert
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toContain('providers.cmc.timezone');
    expect(problems.join('\n')).toContain('metrics.dimensions.0');
    expect(problems.join('\n')).toContain('alarms.email');
    expect(problems.join('\n')).toContain('prefix');
    expect(problems.join('\n')).toContain('surprise');
  });

  it('checks thresholds and lifecycle order together', () => {
    expect(() =>
      loadConfig({
        metrics: { bounceRateWarning: 0.2, complaintRateWarning: 0.01 },
        lake: { rawInfrequentAccessAfterDays: 100, rawExpireAfterDays: 90 },
      }),
    ).toThrow(
      /bounceRateWarning: must not exceed[\s\S]*complaintRateWarning[\s\S]*rawGlacierAfterDays[\s\S]*rawExpireAfterDays/,
    );
  });

  it('allows keeping raw payloads forever with 0', () => {
    expect(loadConfig({ lake: { rawExpireAfterDays: 0 } }).lake).toMatchObject({
      rawExpireAfterDays: 0,
    });
  });

  it('archives the CMC lists every plan has by default (blocks needs Pro)', () => {
    // Act / Assert
    expect(loadConfig({}).providers.cmc.archiveLists).toStrictEqual([
      'deliveries',
      'bounces',
    ]);
  });

  it.each([
    [['deliveries', 'blocks', 'deliveries'], 'no list twice'],
    [[], 'providers.cmc.archiveLists'],
    [['blocked'], 'providers.cmc.archiveLists.0'],
  ])('rejects CMC archive lists %j', (archiveLists, message) => {
    // Act / Assert
    expect(() => loadConfig({ providers: { cmc: { archiveLists } } })).toThrow(
      message,
    );
  });

  it('parses a JSON string, as `cdk deploy -c mailtrail=…` passes it', () => {
    // Act
    const config = loadConfig('{"alarms":{"email":"ops@example.com"}}');
    // Assert
    expect(config.alarms.email).toBe('ops@example.com');
    expect(config.prefix).toBe('mailtrail');
  });

  it('reports a context string that is not JSON as one clear problem', () => {
    // Act
    const act = () => loadConfig("{alarms:{email:'ops@example.com'}}");
    // Assert
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(
      /\(root\): the mailtrail context is a string but not JSON \(.+\); pass one line .+ -c mailtrail='\{/,
    );
  });

  it('still validates what the JSON string holds', () => {
    expect(() => loadConfig('{"prefix":"Bad Prefix"}')).toThrow('prefix:');
  });

  it('caps webhooks.maxBodyBytes at 4 MiB, the default', () => {
    // Assert: 4 MiB base64-encoded still fits Lambda's 6 MB event.
    expect(loadConfig({}).webhooks.maxBodyBytes).toBe(4_194_304);
    expect(() => loadConfig({ webhooks: { maxBodyBytes: 4_194_305 } })).toThrow(
      'webhooks.maxBodyBytes',
    );
  });

  it('accepts long rates schedules with SendingDomain: per-domain alarms are plain metric alarms', () => {
    expect(
      loadConfig({
        metrics: {
          ratesSchedule: 'rate(6 hours)',
          sendingDomains: ['mail.example.com'],
        },
      }).metrics.ratesSchedule,
    ).toBe('rate(6 hours)');
  });

  it('reserves no archiver concurrency unless asked', () => {
    expect(loadConfig({}).archivers.reserveConcurrency).toBe(false);
    expect(
      loadConfig({ archivers: { reserveConcurrency: true } }).archivers
        .reserveConcurrency,
    ).toBe(true);
  });

  it('rejects a malformed schedule', () => {
    expect(() =>
      loadConfig({ archivers: { mailgunSchedule: 'every hour' } }),
    ).toThrow('archivers.mailgunSchedule');
  });
});
