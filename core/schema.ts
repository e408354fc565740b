import * as z from './zod';

/** Version of the canonical event contract; bump on any breaking change. */
export const SCHEMA_VERSION = 1 as const;

/** Providers mailtrail ingests, spelled as they appear in `provider`. */
export const PROVIDERS = ['ses', 'mailgun', 'blastengine', 'cmc'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Canonical event types (docs/design.md "Canonical event"). */
export const EVENT_TYPES = [
  'accepted',
  'delivered',
  'deferred',
  'bounced',
  'dropped',
  'rejected',
  'complained',
  'opened',
  'clicked',
  'unsubscribed',
  'rendering_failed',
  'unknown',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Bounce classification, set only when event_type is `bounced`. */
export const BOUNCE_TYPES = ['hard', 'soft', 'undetermined'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** How an event reached mailtrail. */
export const SOURCES = ['webhook', 'sns', 'firehose', 'archive'] as const;
export type Source = (typeof SOURCES)[number];

/** `occurred_at` and `received_at`: ISO 8601 UTC with milliseconds. */
export const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** `event_id`: 32 lower-case hex characters (core/event-id.ts). */
export const EVENT_ID_PATTERN = /^[0-9a-f]{32}$/;
/** The range of `smtp_code`. */
export const SMTP_CODE_RANGE = { min: 0, max: 999 } as const;

const isoUtcMillis = z
  .string()
  .check(z.regex(ISO_UTC_MILLIS, 'ISO 8601 UTC with milliseconds'));

/**
 * The canonical event, schema_version 1. This one definition feeds the
 * TypeScript type, runtime validation, the Glue table, the Firehose Parquet
 * schema and the DuckDB table (see {@link EVENT_COLUMNS}).
 */
const EmailEventObject = z.strictObject({
  schema_version: z.literal(SCHEMA_VERSION),
  event_id: z.string().check(z.regex(EVENT_ID_PATTERN)),
  provider: z.enum(PROVIDERS),
  event_type: z.enum(EVENT_TYPES),
  bounce_type: z.nullable(z.enum(BOUNCE_TYPES)),
  occurred_at: isoUtcMillis,
  received_at: isoUtcMillis,
  recipient: z.string().check(z.minLength(1)),
  recipient_domain: z.string(),
  sender: z.nullable(z.string()),
  from_domain: z.nullable(z.string()),
  message_id: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  smtp_code: z.nullable(
    z.int().check(z.gte(SMTP_CODE_RANGE.min), z.lte(SMTP_CODE_RANGE.max)),
  ),
  smtp_status: z.nullable(z.string()),
  diagnostic: z.nullable(z.string()),
  provider_event: z.string(),
  tags: z.nullable(z.record(z.string(), z.string())),
  source: z.enum(SOURCES),
});

/** Runtime validation of a canonical event. */
export const EmailEventSchema = EmailEventObject.check(
  z.refine((e) => (e.event_type === 'bounced') === (e.bounce_type !== null), {
    message: 'bounce_type is set exactly when event_type is bounced',
    path: ['bounce_type'],
  }),
);

/** A canonical email event. */
export type EmailEvent = z.infer<typeof EmailEventSchema>;

/** Column types understood by Glue/Athena, Parquet and DuckDB alike. */
export type ColumnType = 'int' | 'string' | 'map<string,string>';

/** One column of the event table, derived from the zod schema. */
export interface Column {
  readonly name: keyof EmailEvent;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

// Inspected through each def's `type` tag (zod/mini schemas have no
// subclass methods; its classes would pull all of zod core into bundles).
type AnyZod = z.core.$ZodTypes;

function unwrapNullable(t: AnyZod): { inner: AnyZod; nullable: boolean } {
  const def = t._zod.def;
  if (def.type === 'nullable') {
    return { inner: def.innerType as AnyZod, nullable: true };
  }
  return { inner: t, nullable: false };
}

function columnType(t: AnyZod): ColumnType {
  const def = t._zod.def;
  if (def.type === 'record') return 'map<string,string>';
  if (def.type === 'number') return 'int';
  if (def.type === 'literal' && typeof def.values[0] === 'number') return 'int';
  return 'string';
}

const shape = EmailEventObject.shape as Record<string, AnyZod>;

/** Every column of the canonical event, in schema order. */
export const EVENT_COLUMNS: readonly Column[] = Object.entries(shape).map(
  ([name, t]) => {
    const { inner, nullable } = unwrapNullable(t);
    return {
      name: name as keyof EmailEvent,
      type: columnType(inner),
      nullable,
    };
  },
);

/**
 * Hive partition keys of the events table, in path order. `provider` is a
 * partition key, so it is not a data column in Parquet; `dt` is the UTC date
 * (YYYY-MM-DD) of `occurred_at`.
 */
export const PARTITION_KEYS = ['provider', 'dt'] as const;

/** Columns stored inside the Parquet files (all but the partition keys). */
export const DATA_COLUMNS: readonly Column[] = EVENT_COLUMNS.filter(
  (c) => !(PARTITION_KEYS as readonly string[]).includes(c.name),
);

/** The `dt` partition value of an event: the UTC date of `occurred_at`. */
export function partitionDate(event: Pick<EmailEvent, 'occurred_at'>): string {
  return event.occurred_at.slice(0, 10);
}
