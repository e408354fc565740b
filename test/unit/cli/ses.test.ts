import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli-io';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
// Nothing listens here: any AWS call would fail, so these tests prove the
// command refuses bad input before calling SES.
const ENV = {
  AWS_REGION: 'us-east-1',
  MAILTRAIL_AWS_ENDPOINT: 'http://127.0.0.1:9',
};

const run = (args: string[], env: NodeJS.ProcessEnv = ENV) =>
  runCli(['ses', ...args], { env });

describe('mailtrail ses', () => {
  it('prints its usage for --help', async () => {
    // Act
    const { code, stdout } = await run(['--help']);
    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Usage: mailtrail ses attach --configuration-set NAME',
    );
    expect(stdout).toContain('DELIVERY_DELAY, SUBSCRIPTION');
  });

  it.each([
    [['attach', '--sns-topic-arn', TOPIC], '--configuration-set is required'],
    [
      ['detach', '--configuration-set', 'prod'],
      'unknown subcommand "detach" (expected: attach)',
    ],
    [['--configuration-set', 'prod'], 'expected: attach'],
    [['attach', 'extra', '--configuration-set', 'prod'], 'unexpected "extra"'],
    [
      ['attach', '--configuration-set', 'prod', '--sns-topic-arn', 'topic'],
      '"topic" is not an SNS topic ARN',
    ],
    [
      [
        'attach',
        '--configuration-set',
        'prod',
        '--firehose-arn',
        'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
      ],
      'a Firehose destination needs an IAM role ARN',
    ],
    [
      ['attach', '--configuration-set', 'prod'],
      'give an SNS topic ARN or a Firehose ARN',
    ],
  ])('rejects %j with one line and exit 1', async (args, message) => {
    // Act
    const { code, stdout, stderr } = await run(args);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`mailtrail ses: ${message} (see mailtrail help ses)\n`);
  });

  it('requires a region when AWS_REGION is unset', async () => {
    // Act
    const { code, stderr } = await run(
      ['attach', '--configuration-set', 'prod', '--sns-topic-arn', TOPIC],
      {},
    );
    // Assert
    expect(code).toBe(1);
    expect(stderr).toBe(
      'mailtrail ses: --region is required (or set AWS_REGION) (see mailtrail help ses)\n',
    );
  });

  it('reports an SES failure (no credentials or no endpoint) on one line with the region', async () => {
    // Act
    const { code, stdout, stderr } = await run(
      ['attach', '--configuration-set', 'prod', '--sns-topic-arn', TOPIC],
      ENV,
    );
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^mailtrail ses: .*region us-east-1\)\n$/);
  });
});
