import { csvText } from '../../core/csv';
import {
  InvalidAddressError,
  normalizeAddress,
  suppressionKey,
} from '../../core/suppressions/address';
import type { SuppressionRules } from '../../core/suppressions/entry';
import {
  EXPORT_TARGETS,
  type ExportTarget,
  exportSuppressions,
} from '../../core/suppressions/export';
import { applyRemoval } from '../../core/suppressions/fold';
import {
  type SuppressionStatus,
  suppressionStatus,
} from '../../core/suppressions/status';
import { parseCliArgs } from '../args';
import { formatTable } from '../lake/format';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import {
  type LocalSuppressions,
  localSuppressions,
  recordRemoval,
} from '../lake/suppressions';
import { HMAC_KEY_ENV } from '../privacy-key';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail suppressions check ADDRESS [options]
       mailtrail suppressions list [--format table|json|csv] [options]
       mailtrail suppressions remove ADDRESS --reason TEXT [--by WHO] [options]
       mailtrail suppressions export [--format csv] [--target TARGET] [options]

One suppression list across providers, from the local lake: a hard bounce,
a complaint or an unsubscribe at any provider suppresses the address. Soft
and undetermined bounces, deferrals and drops do not; a later delivery does
not lift it; only \`remove\` does, and a new suppressing event after the
removal suppresses the address again.

  check    one JSON object: address, suppressed, reason, provider, since
           (exit 0 whether suppressed or not; 1 only on bad input)
  list     one row per suppressed address
  remove   records who removed the address, when and why
  export   CSV for a provider's import: --target ses (default; lines
           "address,BOUNCE|COMPLAINT", no header) or mailgun-bounces,
           mailgun-complaints, mailgun-unsubscribes (Mailgun's import headers)

Options:
  --lake DIR                    lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --soft-bounce-threshold N     also suppress after N soft bounces in a row (default off)
  --soft-bounce-window-days D   …within D days (default 7)
  --format F                    list: table (default), json (one object a line) or csv
  --target T                    export: ${EXPORT_TARGETS.join(', ')}
  --reason TEXT                 remove: why (required)
  --by WHO                      remove: who or what removes it (default cli:$USER)

With hashed recipients (hmac:…), set $${HMAC_KEY_ENV} to the key so
ADDRESS is looked up by its hash.`;

const SUBCOMMANDS = ['check', 'list', 'remove', 'export'] as const;
const LIST_FORMATS = ['table', 'json', 'csv'] as const;
const LIST_COLUMNS = [
  'address',
  'reason',
  'provider',
  'since',
  'last_seen',
  'smtp_status',
  'diagnostic',
] as const;

function parse(args: readonly string[]) {
  const { values, positionals } = parseCliArgs(args, {
    allowPositionals: true,
    options: {
      lake: { type: 'string' },
      format: { type: 'string' },
      target: { type: 'string', default: 'ses' },
      reason: { type: 'string' },
      by: { type: 'string' },
      'soft-bounce-threshold': { type: 'string' },
      'soft-bounce-window-days': { type: 'string' },
    },
  });
  const [sub, ...rest] = positionals;
  if (!SUBCOMMANDS.includes(sub as (typeof SUBCOMMANDS)[number])) {
    throw new CliUsageError(
      `${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'} (expected one of: ${SUBCOMMANDS.join(', ')})`,
    );
  }
  return { sub: sub as (typeof SUBCOMMANDS)[number], rest, values };
}

type Values = ReturnType<typeof parse>['values'];

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new CliUsageError(
      `${flag} must be a whole number ≥ 1, got "${value}"`,
    );
  }
  return n;
}

function rulesOf(values: Values): SuppressionRules {
  const threshold = values['soft-bounce-threshold'];
  const days = values['soft-bounce-window-days'];
  if (threshold === undefined) {
    if (days !== undefined) {
      throw new CliUsageError(
        '--soft-bounce-window-days needs --soft-bounce-threshold',
      );
    }
    return {};
  }
  return {
    softBounceThreshold: positiveInt('--soft-bounce-threshold', threshold),
    ...(days === undefined
      ? {}
      : {
          softBounceWindowDays: positiveInt('--soft-bounce-window-days', days),
        }),
  };
}

function oneOf<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(
      `${flag} must be one of ${allowed.join(', ')}, got "${value}"`,
    );
  }
  return value as T;
}

/** The single ADDRESS argument, checked; the message names what is wrong. */
function addressArg(rest: readonly string[]): string {
  if (rest.length !== 1) {
    throw new CliUsageError('give exactly one ADDRESS');
  }
  try {
    return normalizeAddress(rest[0]!);
  } catch (err) {
    if (err instanceof InvalidAddressError) {
      throw new Error(`invalid address: ${err.message}`);
    }
    throw err;
  }
}

function noArguments(rest: readonly string[]): void {
  if (rest.length > 0) throw new CliUsageError(`unexpected "${rest[0]}"`);
}

async function load(
  io: CliIo,
  values: Values,
): Promise<{ lakeDir: string; local: LocalSuppressions }> {
  const lakeDir = resolveLakeDir(io, values.lake);
  const local = await localSuppressions(lakeDir, rulesOf(values));
  if (local.unreadableRemovals > 0) {
    io.stderr.write(
      `mailtrail suppressions: skipped ${local.unreadableRemovals} unreadable line(s) in the removals file\n`,
    );
  }
  return { lakeDir, local };
}

function statusOf(
  io: CliIo,
  local: LocalSuppressions,
  address: string,
): SuppressionStatus {
  const key = suppressionKey(address, { hmacKey: io.env[HMAC_KEY_ENV] });
  return { ...suppressionStatus(local.entries.get(key), key), address };
}

function suppressedRows(local: LocalSuppressions): SuppressionStatus[] {
  return [...local.entries.values()]
    .map((e) => suppressionStatus(e))
    .filter((s) => s.suppressed)
    .sort((a, b) => (a.address < b.address ? -1 : 1));
}

async function check(io: CliIo, rest: string[], values: Values) {
  const address = addressArg(rest);
  const { local } = await load(io, values);
  const s = statusOf(io, local, address);
  const { suppressed, reason, provider, since } = s;
  io.stdout.write(
    `${JSON.stringify({ address, suppressed, reason, provider, since })}\n`,
  );
}

async function list(io: CliIo, rest: string[], values: Values) {
  noArguments(rest);
  const format = oneOf('--format', values.format ?? 'table', LIST_FORMATS);
  const rows = suppressedRows((await load(io, values)).local);
  if (format === 'json') {
    for (const row of rows) io.stdout.write(`${JSON.stringify(row)}\n`);
    return;
  }
  const picked = rows.map((r) =>
    Object.fromEntries(LIST_COLUMNS.map((c) => [c, r[c]])),
  );
  if (format === 'csv') {
    io.stdout.write(
      csvText(
        picked.map((r) => LIST_COLUMNS.map((c) => r[c])),
        LIST_COLUMNS,
      ),
    );
    return;
  }
  io.stdout.write(`${formatTable(LIST_COLUMNS, picked)}\n`);
  io.stderr.write(`(${rows.length} suppressed)\n`);
}

async function remove(io: CliIo, rest: string[], values: Values) {
  const address = addressArg(rest);
  const reason = values.reason?.trim();
  if (!reason) throw new CliUsageError('--reason TEXT is required');
  const { lakeDir, local } = await load(io, values);
  const before = statusOf(io, local, address);
  const key = suppressionKey(address, { hmacKey: io.env[HMAC_KEY_ENV] });
  const entry = local.entries.get(key);
  if (!entry || !before.suppressed) {
    throw new Error(`${address} is not suppressed; nothing was removed`);
  }
  const removal = {
    at: new Date().toISOString(),
    by: values.by?.trim() || `cli:${io.env.USER ?? 'unknown'}`,
    reason,
  };
  const after = suppressionStatus(applyRemoval(entry, removal));
  await recordRemoval(lakeDir, { address: key, ...removal });
  io.stdout.write(
    `${JSON.stringify({ address, removed: !after.suppressed, was: before.reason, ...removal })}\n`,
  );
}

async function exportCsv(io: CliIo, rest: string[], values: Values) {
  noArguments(rest);
  oneOf('--format', values.format ?? 'csv', ['csv']);
  const target = oneOf<ExportTarget>('--target', values.target, EXPORT_TARGETS);
  const rows = suppressedRows((await load(io, values)).local);
  const result = exportSuppressions(rows, target);
  io.stdout.write(result.csv);
  if (result.skippedHashed > 0) {
    io.stderr.write(
      `mailtrail suppressions: left out ${result.skippedHashed} hashed (hmac:…) address(es): a provider needs the address itself\n`,
    );
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { sub, rest, values } = parse(args);
  const handlers = { check, list, remove, export: exportCsv };
  await handlers[sub](io, rest, values);
  return 0;
}

/** `mailtrail suppressions`: one suppression list across providers. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail suppressions check Ada@Example.com',
    'mailtrail suppressions list --format csv > suppressed.csv',
    'mailtrail suppressions remove ada@example.com --reason "mailbox fixed"',
    'mailtrail suppressions export --format csv --target ses > ses-import.csv',
  ],
  run,
};
