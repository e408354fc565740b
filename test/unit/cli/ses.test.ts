import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/cli-io';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
// Nothing listens here: any AWS call would fail, so these tests prove the
// command refuses bad input before calling SES.
const ENV = {
  AWS_REGION: 'us-east-1',
  MAILTRAIL_AWS_ENDPOINT: 'http://127.0.0.1:9',
};

const CREDENTIAL_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
];

const run = (args: string[], env: NodeJS.ProcessEnv = ENV) =>
  runCli(['ses', ...args], { env });

describe('mailtrail ses', () => {
  afterEach(() => vi.unstubAllEnvs());

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

  describe('without AWS credentials in the environment', () => {
    // The SDK reads credentials from the process, not from the CLI's env.
    beforeEach(() => {
      for (const name of CREDENTIAL_VARS) vi.stubEnv(name, undefined);
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
      vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
      vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    });
    it('reports the missing credentials on one line with the region', async () => {
      // Act
      const { code, stdout, stderr } = await run(
        ['attach', '--configuration-set', 'prod', '--sns-topic-arn', TOPIC],
        ENV,
      );
      // Assert
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        /^mailtrail ses: no AWS credentials found; .*region us-east-1\)\n$/,
      );
    });
  });

  it('names the endpoint it cannot reach, on one line', async () => {
    // Arrange: credentials present, nothing listening
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example-secret');
    // Act
    const { code, stdout, stderr } = await run(
      ['attach', '--configuration-set', 'prod', '--sns-topic-arn', TOPIC],
      ENV,
    );
    vi.unstubAllEnvs();
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'mailtrail ses: cannot reach 127.0.0.1:9: ECONNREFUSED\n',
    );
  });
});
