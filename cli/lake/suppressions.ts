import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  SuppressionEntry,
  SuppressionEvent,
  SuppressionRules,
} from '../../core/suppressions/entry';
import {
  type AddressedRemoval,
  rebuildSuppressions,
} from '../../core/suppressions/rebuild';
import { EmptyLakeError, queryLake } from './query';

/** Where `suppressions remove` records removals, inside the lake directory. */
export const REMOVALS_FILE = join('suppressions', 'removals.ndjson');

const EVENT_COLUMNS =
  'event_id, provider, event_type, bounce_type, occurred_at, recipient, ' +
  'source, smtp_code, smtp_status, diagnostic';

/** The lake's events the suppression rules read, one per event_id. */
async function suppressionEvents(
  lakeDir: string,
  rules: SuppressionRules,
): Promise<SuppressionEvent[]> {
  const types = ["'bounced'", "'complained'", "'unsubscribed'"];
  if ((rules.softBounceThreshold ?? 0) > 0) types.push("'delivered'");
  try {
    const { rows } = await queryLake(lakeDir, {
      sql: `SELECT ${EVENT_COLUMNS} FROM events_dedup WHERE event_type IN (${types.join(', ')})`,
    });
    return rows as unknown as SuppressionEvent[];
  } catch (err) {
    if (err instanceof EmptyLakeError) return [];
    throw err;
  }
}

function isRemoval(value: unknown): value is AddressedRemoval {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['address', 'at', 'by', 'reason'].every(
    (k) => typeof r[k] === 'string',
  );
}

/** The recorded removals, and how many lines could not be read. */
export async function readRemovals(
  lakeDir: string,
): Promise<{ removals: AddressedRemoval[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(join(lakeDir, REMOVALS_FILE), 'utf8');
  } catch {
    return { removals: [], unreadable: 0 };
  }
  const removals: AddressedRemoval[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (!isRemoval(value)) throw new Error('not a removal');
      removals.push(value);
    } catch {
      unreadable++;
    }
  }
  return { removals, unreadable };
}

/** Appends one removal to the lake's removals file. */
export async function recordRemoval(
  lakeDir: string,
  removal: AddressedRemoval,
): Promise<void> {
  await mkdir(join(lakeDir, 'suppressions'), { recursive: true });
  await appendFile(
    join(lakeDir, REMOVALS_FILE),
    `${JSON.stringify(removal)}\n`,
  );
}

/** The lake directory exists (a mistyped --lake is an error, not "clean"). */
export async function assertLakeDir(lakeDir: string): Promise<void> {
  const info = await stat(lakeDir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`lake directory ${lakeDir} does not exist`);
  }
}

/** Every entry of the local list, rebuilt from the lake and the removals. */
export interface LocalSuppressions {
  readonly entries: Map<string, SuppressionEntry>;
  readonly events: number;
  readonly unreadableRemovals: number;
}

/**
 * Rebuilds the suppression list over the local lake with the same rules as
 * the pipeline: the lake's deduplicated events plus the removals file.
 * @example (await localSuppressions('.lake')).entries.get('ada@example.com')
 */
export async function localSuppressions(
  lakeDir: string,
  rules: SuppressionRules = {},
): Promise<LocalSuppressions> {
  await assertLakeDir(lakeDir);
  const events = await suppressionEvents(lakeDir, rules);
  const { removals, unreadable } = await readRemovals(lakeDir);
  return {
    entries: rebuildSuppressions(events, removals, rules),
    events: events.length,
    unreadableRemovals: unreadable,
  };
}
