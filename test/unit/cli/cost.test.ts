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
      /CloudWatch\s+custom metrics\s+114 metrics\s+\$34\.20/,
    );
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
      '--events-per-month must be a number ≥ 0, got "lots"',
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
      ['--events-per-month', '10', '--domains', '0'],
      '--domains must be a number ≥ 1',
    ],
    [['--events-per-month', '10', 'extra'], 'unexpected argument "extra"'],
  ])('exits 1 with one line on stderr for %j', async (args, message) => {
    const { code, stdout, stderr } = await cost(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await cost('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: mailtrail cost --events-per-month N');
  });
});
