import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { memoryIo } from '../../helpers/cli-io';

async function cost(...args: string[]) {
  const io = memoryIo();
  const code = await main(['cost', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('mailtrail cost', () => {
  it('prints every line, the total and the cost per million events', async () => {
    // Act
    const { code, stdout, stderr } = await cost(
      '--events-per-month',
      '1000000',
    );
    // Assert
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      '1,000,000 events, us-east-1, prices as of 2025-06',
    );
    expect(stdout).toMatch(
      /CloudWatch\s+custom metrics \(EMF, .*\(first 10 metrics free\)\s+37 metric-months\s+\$\d+\.\d\d/,
    );
    expect(stdout).not.toContain('X-Ray');
    expect(stdout).toMatch(
      /per extra million webhook events \(Mailgun\/blastengine\/CMC\)\s+\$\d+\.\d\d/,
    );
    expect(stdout).toMatch(/per extra million SES events\s+\$\d+\.\d\d/);
    expect(stdout).toMatch(/fixed monthly floor \(0 events\)\s+\$\d+\.\d\d/);
    expect(stdout).toMatch(/one more listed sending domain: \$\d+\.\d\d/);
    expect(stdout).toMatch(/Total: +\$\d+\.\d\d a month/);
    expect(stdout).toMatch(/Per million events: +\$\d+\.\d\d/);
    expect(stdout).toContain('  - canonicalBytesPerEvent = 700');
  });

  it('prints the estimate as JSON with --json', async () => {
    const { code, stdout } = await cost(
      '--events-per-month',
      '2_000',
      '--json',
    );
    const estimate = JSON.parse(stdout);
    expect(code).toBe(0);
    expect(estimate.input.eventsPerMonth).toBe(2000);
    expect(estimate.totalUsd).toBeGreaterThan(0);
  });

  it('passes providers, region, domains, dimensions and batch size through', async () => {
    // Act
    const { stdout } = await cost(
      '--events-per-month',
      '1000',
      '--providers',
      'mailgun,cmc',
      '--region',
      'ap-northeast-1',
      '--domains',
      '2',
      '--dimensions',
      'Provider',
      '--events-per-request',
      '50',
      '--json',
    );
    // Assert
    expect(JSON.parse(stdout).input).toMatchObject({
      providers: ['mailgun', 'cmc'],
      region: 'ap-northeast-1',
      sendingDomains: 2,
      metricDimensions: ['Provider'],
      eventsPerRequest: 50,
    });
  });

  it.each([
    [[], '--events-per-month is required'],
    [
      ['--events-per-month', 'lots'],
      '--events-per-month must be a positive number or 0, got "lots"',
    ],
    [
      ['--events-per-month', '10', '--providers', 'sendgrid'],
      '--providers: unknown sendgrid',
    ],
    [
      ['--events-per-month', '10', '--providers', ','],
      '--providers must name at least one provider',
    ],
    [
      ['--events-per-month', '10', '--region', 'eu-west-1'],
      '--region: unknown eu-west-1',
    ],
    [
      ['--events-per-month', '10', '--domains', 'x'],
      '--domains must be a positive number or 0, got "x"',
    ],
    [
      ['--events-per-month', '10', '--ses-destinations', 'sqs'],
      '--ses-destinations: unknown sqs',
    ],
    [
      ['--events-per-month', '10', '--ses-destinations', ','],
      '--ses-destinations must name a destination',
    ],
    [
      ['--events-per-month', '10', '--tracing', 'sampled'],
      '--tracing: unknown sampled',
    ],
    [['--events-per-month', '10', 'extra'], 'unexpected argument "extra"'],
  ])('exits 1 with one line on stderr for %j', async (args, message) => {
    const { code, stdout, stderr } = await cost(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prices the former design and list prices with its flags', async () => {
    // Act
    const { stdout } = await cost(
      '--events-per-month',
      '1000',
      '--ses-destinations',
      'sns,firehose',
      '--tracing',
      'active',
      '--metrics',
      'putMetricData',
      '--no-free-tier',
      '--json',
    );
    // Assert
    const e = JSON.parse(stdout);
    expect(e.input).toMatchObject({
      sesDestinations: ['sns', 'firehose'],
      tracing: 'active',
      metricsTransport: 'putMetricData',
      freeTier: false,
    });
    expect(e.lines.map((l: { service: string }) => l.service)).toContain(
      'X-Ray',
    );
    expect(e.margins.floorUsd).toBeGreaterThan(0);
  });

  it('leaves out the marginal line of a kind of provider not deployed', async () => {
    const { stdout } = await cost(
      '--events-per-month',
      '10',
      '--providers',
      'ses',
    );
    expect(stdout).not.toContain('per extra million webhook events');
    expect(stdout).toContain('per extra million SES events');
  });

  it('names the webhook providers deployed in the marginal line', async () => {
    const { stdout } = await cost(
      '--events-per-month',
      '10',
      '--providers',
      'blastengine,cmc',
    );
    expect(stdout).toMatch(
      /per extra million webhook events \(blastengine\/CMC\)\s+\$\d+\.\d\d/,
    );
    expect(stdout).not.toContain('per extra million SES events');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await cost('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: mailtrail cost --events-per-month N');
  });
});
