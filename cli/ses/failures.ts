import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isNetworkError, unreachable } from '../network';

/** The SES v2 calls `ses attach` makes, as IAM actions. */
export function neededActions(dryRun: boolean): string[] {
  const read = 'ses:GetConfigurationSetEventDestinations';
  return dryRun
    ? [read]
    : [
        read,
        'ses:CreateConfigurationSetEventDestination',
        'ses:UpdateConfigurationSetEventDestination',
      ];
}

/**
 * Whether the AWS SDK could find credentials without asking the network:
 * keys, a profile, web identity, a container endpoint or a shared file.
 * (Instance roles are not seen; `--dry-run` then plans offline.)
 */
export function hasLocalCredentials(env: NodeJS.ProcessEnv): boolean {
  const vars = [
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  ];
  if (vars.some((v) => env[v]?.trim())) return true;
  const home = env.HOME ?? homedir();
  return [
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ].some((file) => existsSync(file));
}

/**
 * Static keys from the command's environment, when it has them (the SDK
 * itself reads only the process's); otherwise the SDK's own chain.
 */
export function envCredentials(
  env: NodeJS.ProcessEnv,
):
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
  };
}

/** Where a call went: the set endpoint or SES v2's regional host. */
export function sesHost(region: string, endpoint: string | undefined): string {
  return endpoint ? new URL(endpoint).host : `email.${region}.amazonaws.com`;
}

interface SdkError {
  name?: string;
  message?: string;
  $response?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

/**
 * One line for a failed SES v2 call: missing credentials and denials name
 * the IAM actions needed; an answer that is not the SES API (a proxy, a
 * wrong endpoint) says so instead of the SDK's deserialization text; a
 * network failure names the host.
 */
export function describeSesFailure(
  err: unknown,
  ctx: { region: string; endpoint: string | undefined; dryRun: boolean },
): string {
  const e = (err ?? {}) as SdkError;
  const host = sesHost(ctx.region, ctx.endpoint);
  const needs = `needs AWS credentials allowed ${neededActions(ctx.dryRun).join(', ')} (SES v2 API, region ${ctx.region})`;
  if (isNetworkError(err)) return unreachable(host, err);
  if (e.name === 'CredentialsProviderError') {
    return `no AWS credentials found; ${needs}`;
  }
  if (e.name && DENIED.has(e.name)) {
    return `${e.message ?? e.name} — ${needs}`;
  }
  if (e.$response !== undefined || e.name === 'SyntaxError') {
    const status = e.$metadata?.httpStatusCode;
    return `${host} did not answer like the SES v2 API${status ? ` (HTTP ${status})` : ''}; check --region and MAILTRAIL_AWS_ENDPOINT`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `${message} (region ${ctx.region})`;
}
