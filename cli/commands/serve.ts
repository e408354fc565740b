import { readFile } from 'node:fs/promises';
import { LocalLakeSink } from '../../adapters/local/lake-sink';
import { createMemoryReplayCache } from '../../adapters/local/memory-replay-cache';
import type { WebhookSecrets } from '../../app/webhook/types';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../contract/env';
import { assertTimeZone } from '../../core/time';
import { parseCliArgs } from '../args';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { type ServedRequest, startWebhookServer } from '../serve/server';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail serve [--port 8787] [--host 127.0.0.1] [--lake DIR]
                       [--secrets FILE] [--timezone Asia/Tokyo]

Serves the webhook endpoints on this machine with the same pipeline as the
Lambda (verify → normalize → store), writing to a local lake directory that
\`mailtrail query\` reads. No AWS needed. Stop with Ctrl-C.

Routes:
  POST /webhooks/mailgun
  POST /webhooks/blastengine/<token>
  POST /webhooks/cmc

Secrets come from the environment or --secrets FILE (JSON with the same
names in camelCase: mailgunSigningKey, blastengineToken, cmcApiKey,
cmcBasicUser, cmcBasicPassword); a provider without one answers 500:
  MAILTRAIL_MAILGUN_SIGNING_KEY    Mailgun webhook signing key
  MAILTRAIL_BLASTENGINE_TOKEN      token expected in the blastengine URL
  MAILTRAIL_CMC_API_KEY            CMC api_key / Bearer key
  MAILTRAIL_CMC_BASIC_USER, MAILTRAIL_CMC_BASIC_PASSWORD   CMC Basic auth

Options:
  --port N        port to listen on (default 8787; 0 picks a free one)
  --host H        interface to bind (default 127.0.0.1)
  --lake DIR      local lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --secrets FILE  JSON file with the secrets above (overrides the env)
  --timezone TZ   timezone of CMC wall-clock times (default Asia/Tokyo)`;

const SECRET_ENV = {
  mailgunSigningKey: 'MAILTRAIL_MAILGUN_SIGNING_KEY',
  blastengineToken: 'MAILTRAIL_BLASTENGINE_TOKEN',
  cmcApiKey: 'MAILTRAIL_CMC_API_KEY',
  cmcBasicUser: 'MAILTRAIL_CMC_BASIC_USER',
  cmcBasicPassword: 'MAILTRAIL_CMC_BASIC_PASSWORD',
} as const;
type SecretName = keyof typeof SECRET_ENV;

function parse(args: readonly string[]) {
  const { values } = parseCliArgs(args, {
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      lake: { type: 'string' },
      secrets: { type: 'string' },
      timezone: { type: 'string', default: 'Asia/Tokyo' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliUsageError(`--port must be 0–65535, got "${values.port}"`);
  }
  try {
    assertTimeZone(values.timezone);
  } catch {
    throw new CliUsageError(`unknown timezone "${values.timezone}"`);
  }
  return { ...values, port };
}

/**
 * Webhook secrets from the environment, overridden by a JSON file; any
 * missing one leaves its provider unconfigured (it answers 500).
 */
export async function localSecrets(
  env: NodeJS.ProcessEnv,
  file: string | undefined,
): Promise<WebhookSecrets> {
  let fromFile: Partial<Record<SecretName, unknown>> = {};
  if (file !== undefined) {
    try {
      fromFile = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new Error(
        `cannot read secrets file ${file}: ${(err as Error).name}`,
      );
    }
  }
  const get = (name: SecretName): string => {
    const value = fromFile[name] ?? env[SECRET_ENV[name]];
    return typeof value === 'string' ? value : '';
  };
  const nonEmpty = (v: string): string[] => (v === '' ? [] : [v]);
  const user = get('cmcBasicUser');
  return {
    mailgunSigningKeys: nonEmpty(get('mailgunSigningKey')),
    blastengineTokens: nonEmpty(get('blastengineToken')),
    cmc: {
      apiKeys: nonEmpty(get('cmcApiKey')),
      basic: user === '' ? [] : [{ user, password: get('cmcBasicPassword') }],
    },
  };
}

/**
 * One warning per provider that will answer 500 `config`: no secret, or a
 * CMC Basic user without a password (never accepted as an empty password).
 */
export function missingSecretWarnings(secrets: WebhookSecrets): string[] {
  const basic = secrets.cmc.basic ?? [];
  const none = (p: string) => `no ${p} secret set`;
  const problems: [string, string | null][] = [
    [
      'mailgun',
      secrets.mailgunSigningKeys.length === 0 ? none('mailgun') : null,
    ],
    [
      'blastengine',
      secrets.blastengineTokens.length === 0 ? none('blastengine') : null,
    ],
    [
      'cmc',
      (secrets.cmc.apiKeys ?? []).length + basic.length === 0
        ? none('cmc')
        : basic.some((pair) => pair.password.trim() === '')
          ? `${SECRET_ENV.cmcBasicUser} is set without ${SECRET_ENV.cmcBasicPassword}`
          : null,
    ],
  ];
  return problems.flatMap(([p, problem]) =>
    problem === null
      ? []
      : [`mailtrail serve: ${problem}; ${p} requests get 500 (see --help)\n`],
  );
}

/** One stderr line per request: provider, status and metric counts. */
export function summaryLine(served: ServedRequest, at: Date): string {
  const counts = served.points.map((p) => {
    const dims = Object.entries(p.dimensions)
      .filter(([name]) => name !== 'Provider')
      .map(([name, value]) => `${name}=${value}`);
    return `${p.name}${dims.length > 0 ? `{${dims.join(',')}}` : ''}=${p.value}`;
  });
  return [
    at.toISOString(),
    served.provider ?? '-',
    served.statusCode,
    ...counts,
  ].join(' ');
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const opts = parse(args);
  const secrets = await localSecrets(io.env, opts.secrets);
  for (const line of missingSecretWarnings(secrets)) io.stderr.write(line);
  const lakeDir = resolveLakeDir(io, opts.lake);
  const sink = new LocalLakeSink(lakeDir);
  const server = await startWebhookServer({
    host: opts.host,
    port: opts.port,
    deps: {
      sink,
      secrets: async () => secrets,
      replayCache: createMemoryReplayCache(),
      publish: async () => {},
      now: () => new Date(),
      config: {
        toleranceSeconds: 300,
        maxBodyBytes: WEBHOOK_BODY_LIMIT_BYTES,
        timezone: opts.timezone,
        allowedIps: [],
        metricDimensions: ['Provider', 'SendingDomain'],
      },
    },
    onRequest: (served) => {
      io.stderr.write(`${summaryLine(served, new Date())}\n`);
    },
  });
  io.stdout.write(
    [
      `mailtrail serve: writing to ${lakeDir}`,
      `  POST ${server.url}/webhooks/mailgun`,
      `  POST ${server.url}/webhooks/blastengine/<token>`,
      `  POST ${server.url}/webhooks/cmc`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  sink.close();
  return 0;
}

/** `mailtrail serve`: the webhook endpoints on localhost, into a local lake. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail serve --lake .lake',
    'MAILTRAIL_MAILGUN_SIGNING_KEY=key-… mailtrail serve --port 8787',
    'mailtrail serve --port 0 --secrets secrets.json',
  ],
  run,
};
