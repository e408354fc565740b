import { z } from 'zod';

/** Version of the canonical event contract; bump on any breaking change. */
export const SCHEMA_VERSION = 1 as const;

/** Providers mailtrail ingests, spelled as they appear in `provider`. */
export const PROVIDERS = ['ses', 'mailgun', 'blastengine', 'cmc'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Canonical event types (DESIGN.md "Canonical event"). */
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

const isoUtcMillis = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    'ISO 8601 UTC with milliseconds',
  );

/**
 * The canonical event, schema_version 1. This one definition feeds the
 * TypeScript type, runtime validation, the Glue table, the Firehose Parquet
 * schema and the DuckDB table (see {@link EVENT_COLUMNS}).
 */
const EmailEventObject = z
  .object({
    schema_version: z.literal(SCHEMA_VERSION),
    event_id: z.string().regex(/^[0-9a-f]{32}$/),
    provider: z.enum(PROVIDERS),
    event_type: z.enum(EVENT_TYPES),
    bounce_type: z.enum(BOUNCE_TYPES).nullable(),
    occurred_at: isoUtcMillis,
    received_at: isoUtcMillis,
    recipient: z.string().min(1),
    recipient_domain: z.string(),
    sender: z.string().nullable(),
    from_domain: z.string().nullable(),
    message_id: z.string().nullable(),
    subject: z.string().nullable(),
    smtp_code: z.int().min(0).max(999).nullable(),
    smtp_status: z.string().nullable(),
    diagnostic: z.string().nullable(),
    provider_event: z.string(),
    tags: z.record(z.string(), z.string()).nullable(),
    source: z.enum(SOURCES),
  })
  .strict();

/** Runtime validation of a canonical event. */
export const EmailEventSchema = EmailEventObject.refine(
  (e) => (e.event_type === 'bounced') === (e.bounce_type !== null),
  {
    message: 'bounce_type is set exactly when event_type is bounced',
    path: ['bounce_type'],
  },
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

type AnyZod = z.ZodType;

function unwrapNullable(t: AnyZod): { inner: AnyZod; nullable: boolean } {
  if (t instanceof z.ZodNullable) {
    return { inner: t.unwrap() as AnyZod, nullable: true };
  }
  return { inner: t, nullable: false };
}

function columnType(t: AnyZod): ColumnType {
  if (t instanceof z.ZodRecord) return 'map<string,string>';
  if (t instanceof z.ZodNumber) return 'int';
  if (t instanceof z.ZodLiteral && typeof t.value === 'number') return 'int';
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
