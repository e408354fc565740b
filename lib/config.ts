import { z } from 'zod';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../contract/env';
import { CMC_LISTS, DEFAULT_CMC_LISTS } from '../core/archive/cmc-lists';
import {
  EVENTS_BUFFERING_SECONDS,
  MAX_BUFFERING_SECONDS,
  RAW_BUFFERING_SECONDS,
} from '../core/buffering';
import { assertTimeZone } from '../core/time';
import { suppressionsConfig } from './config-suppressions';

const name = z.string().min(1).max(64);
const schedule = z
  .string()
  .regex(
    /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/,
    'an EventBridge Scheduler expression: rate(N minutes|hours|days) or cron(...)',
  );
const ratio = z.number().min(0).max(1);

/** A lower-case DNS name, as the SendingDomain dimension carries it. */
const sendingDomain = z
  .string()
  .min(3)
  .max(253)
  .regex(
    /^[a-z0-9][a-z0-9.-]*$/,
    'a lower-case domain name, e.g. mail.example.com',
  )
  .refine(
    (d) => d.includes('.') && !d.endsWith('.'),
    'a domain name with a dot',
  );

const timezone = z.string().refine(
  (tz) => {
    try {
      assertTimeZone(tz);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA timezone name, e.g. Asia/Tokyo' },
);

/** The whole app's configuration; every field has a default. */
export const MailtrailConfigSchema = z
  .object({
    /** Prefix for named resources (Glue database, Athena workgroup, metrics). @default 'mailtrail' */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits, dashes')
      .default('mailtrail'),
    lake: z
      .object({
        /** Days after which raw payloads move to S3 Standard-IA. @default 30 */
        rawInfrequentAccessAfterDays: z.int().min(30).default(30),
        /** Days after which raw payloads move to Glacier Instant Retrieval. @default 90 */
        rawGlacierAfterDays: z.int().min(60).default(90),
        /** Days after which raw payloads expire; 0 keeps them. @default 400 */
        rawExpireAfterDays: z.int().min(0).default(400),
        /** Days after which rejected/ bodies (refused webhook requests) expire. @default 30 */
        rejectedExpireAfterDays: z.int().min(1).max(3650).default(30),
        /** Days after which canonical events expire; 0 keeps them. @default 0 */
        eventsExpireAfterDays: z.int().min(0).default(0),
        /** Athena per-query bytes-scanned cutoff. @default 10 GiB */
        athenaBytesScannedCutoff: z
          .int()
          .min(10_000_000)
          .default(10 * 1024 ** 3),
        /** Firehose buffering interval for events, seconds. @default 300 */
        bufferingIntervalSeconds: z
          .int()
          .min(60)
          .max(MAX_BUFFERING_SECONDS)
          .default(EVENTS_BUFFERING_SECONDS),
        /**
         * Firehose buffering interval of the raw copies (raw stream, the SES
         * stream's S3 output), seconds. Raw is evidence, read by replays and
         * audits, not within minutes: fewer, larger objects mean fewer S3
         * PUTs and partition objects, and objects of ≥ 128 KB, the smallest
         * S3 lifecycle moves to cheaper classes. @default 900
         */
        rawBufferingIntervalSeconds: z
          .int()
          .min(60)
          .max(MAX_BUFFERING_SECONDS)
          .default(RAW_BUFFERING_SECONDS),
        /** Keep the bucket when the stack is deleted. @default true */
        retainOnDelete: z.boolean().default(true),
      })
      .prefault({}),
    webhooks: z
      .object({
        /** Steady-state requests per second per route. @default 100 */
        throttleRateLimit: z.number().positive().default(100),
        /** Burst per route. @default 200 */
        throttleBurstLimit: z.int().positive().default(200),
        /**
         * Largest accepted body, bytes; larger ones get 413. At most 4 MiB:
         * API Gateway base64-encodes form and multipart bodies into a Lambda
         * event that may not exceed 6 MB (docs/webhooks.md). @default 4 MiB
         */
        maxBodyBytes: z
          .int()
          .min(1024)
          .max(WEBHOOK_BODY_LIMIT_BYTES)
          .default(WEBHOOK_BODY_LIMIT_BYTES),
        /** Mailgun timestamp tolerance, seconds. @default 300 */
        mailgunToleranceSeconds: z.int().min(15).max(3600).default(300),
      })
      .prefault({}),
    providers: z
      .object({
        ses: z
          .object({
            enabled: z.boolean().default(true),
            /** Create this configuration set; '' to create none. @default 'mailtrail' */
            configurationSetName: z.string().default('mailtrail'),
            /** Existing configuration sets to attach destinations to. @default [] */
            existingConfigurationSets: z.array(name).default([]),
            /**
             * Destinations to publish to. 'firehose' (the default) is the
             * cheapest path: SES puts records straight into a Firehose stream
             * whose transform Lambda normalizes them in batches (~$0.20 per
             * million events to ingest and process; counts land a buffer
             * interval later). 'sns' invokes a Lambda per event (~$1.80 per
             * million) for metrics within seconds; both may be listed.
             * @default ['firehose']
             */
            destinations: z
              .array(z.enum(['sns', 'firehose']))
              .min(1)
              .refine(
                (l) => new Set(l).size === l.length,
                'no destination twice',
              )
              .default(['firehose']),
          })
          .prefault({}),
        mailgun: z
          .object({
            enabled: z.boolean().default(true),
            /** Secret holding the webhook signing key (plain string). */
            signingKeySecretName: name.default('mailtrail/mailgun/signing-key'),
            /** Secret holding the private API key (archiver). */
            apiKeySecretName: name.default('mailtrail/mailgun/api-key'),
            /** Sending domains to archive; [] disables the archiver. */
            domains: z.array(z.string().min(3)).default([]),
            region: z.enum(['us', 'eu']).default('us'),
          })
          .prefault({}),
        blastengine: z
          .object({
            enabled: z.boolean().default(true),
            /** Secret holding the webhook path token. */
            webhookTokenSecretName: name.default(
              'mailtrail/blastengine/webhook-token',
            ),
            /** Secret holding {"loginId","apiKey"} for the archiver. */
            apiSecretName: name.default('mailtrail/blastengine/api'),
            /** Source IPs allowed to post webhooks; [] allows any. */
            allowedSourceIps: z.array(z.ipv4()).default([]),
            archive: z.boolean().default(false),
          })
          .prefault({}),
        cmc: z
          .object({
            enabled: z.boolean().default(true),
            /** Secret holding {"apiKey"} and/or {"basicUser","basicPassword"}. */
            webhookSecretName: name.default('mailtrail/cmc/webhook'),
            /** Secret holding {"apiUser","apiKey"} for the archiver. */
            apiSecretName: name.default('mailtrail/cmc/api'),
            /** Timezone configured in the CMC console. @default 'Asia/Tokyo' */
            timezone: timezone.default('Asia/Tokyo'),
            serverComposition: z.string().default('pro'),
            archive: z.boolean().default(false),
            /**
             * Lists the archiver reads each day (walked in CMC order);
             * blocks needs the Pro plan. @default ['deliveries', 'bounces']
             */
            archiveLists: z
              .array(z.enum(CMC_LISTS))
              .min(1)
              .refine((l) => new Set(l).size === l.length, 'no list twice')
              .default([...DEFAULT_CMC_LISTS]),
          })
          .prefault({}),
      })
      .prefault({}),
    metrics: z
      .object({
        /** Metric dimensions; each combination is a billed custom metric. */
        dimensions: z
          .array(z.enum(['Provider', 'SendingDomain']))
          .default(['Provider', 'SendingDomain']),
        /**
         * Sending domains that get their own `SendingDomain` value (and rate
         * alarms); every other domain is counted under `(other)`, so the
         * number of billed metrics stays bounded. Each listed domain costs
         * about $1 a month fixed plus up to $0.30 per metric it publishes
         * (README "Costs"). @default [] (every domain under `(other)`)
         */
        sendingDomains: z
          .array(sendingDomain)
          .refine((l) => new Set(l).size === l.length, 'no domain twice')
          .default([]),
        /** Trailing window for rates, hours. @default 24 */
        rateWindowHours: z
          .int()
          .min(1)
          .max(24 * 14)
          .default(24),
        /** Sends below which no rate is published. @default 100 */
        minimumVolume: z.int().min(1).default(100),
        bounceRateWarning: ratio.default(0.05),
        bounceRateCritical: ratio.default(0.1),
        complaintRateWarning: ratio.default(0.001),
        complaintRateCritical: ratio.default(0.005),
        ratesSchedule: schedule.default('rate(15 minutes)'),
      })
      .prefault({}),
    /**
     * AWS X-Ray tracing of the Lambdas: 'off' (the default; traces cost $5
     * per million recorded) or 'active' (Tracing.ACTIVE with X-Ray's default
     * sampling rule: the first request each second, then 5 %). @default 'off'
     */
    tracing: z.enum(['off', 'active']).default('off'),
    archivers: z
      .object({
        blastengineSchedule: schedule.default('rate(6 hours)'),
        mailgunSchedule: schedule.default('rate(1 hour)'),
        /** CMC asks for at most one call a day. */
        cmcSchedule: schedule.default('cron(30 1 * * ? *)'),
        /**
         * Reserve one concurrent execution per archiver function. Off by
         * default: a reservation fails to deploy on accounts whose Lambda
         * concurrency quota is below 100 + the reservation (new accounts
         * often have 10), and a second concurrent run already stops safely
         * at the conditional cursor write. @default false
         */
        reserveConcurrency: z.boolean().default(false),
      })
      .prefault({}),
    /**
     * The scheduled reconciliation (docs/reconciliation.md), deployed when
     * at least one archiver is on.
     */
    reconciliation: z
      .object({
        /** Days each run covers, today included; the alarm sees at most 7. */
        days: z.int().min(1).max(14).default(7),
        /** Alarm when a covered day's missed webhooks exceed this share of its events (and ≥ 1). */
        missedShare: ratio.default(0.001),
        /** When the run starts; after the archivers' daily runs. */
        schedule: schedule.default('cron(0 6 * * ? *)'),
      })
      .prefault({}),
    alarms: z
      .object({
        /** E-mail subscribed to the alarm topic; unset subscribes none. */
        email: z.email().optional(),
      })
      .prefault({}),
    privacy: z
      .object({
        /** Replace recipients with keyed HMAC-SHA256 before storage. */
        hashRecipients: z.boolean().default(false),
        keySecretName: name.default('mailtrail/privacy/recipient-key'),
      })
      .prefault({}),
    suppressions: suppressionsConfig,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.metrics.bounceRateWarning > c.metrics.bounceRateCritical) {
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'bounceRateWarning'],
        message: 'must not exceed bounceRateCritical',
      });
    }
    if (c.metrics.complaintRateWarning > c.metrics.complaintRateCritical) {
      ctx.addIssue({
        code: 'custom',
        path: ['metrics', 'complaintRateWarning'],
        message: 'must not exceed complaintRateCritical',
      });
    }
    if (c.lake.rawGlacierAfterDays <= c.lake.rawInfrequentAccessAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['lake', 'rawGlacierAfterDays'],
        message: 'must be later than rawInfrequentAccessAfterDays',
      });
    }
    const expire = c.lake.rawExpireAfterDays;
    if (expire !== 0 && expire <= c.lake.rawGlacierAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['lake', 'rawExpireAfterDays'],
        message: 'must be 0 (keep) or later than rawGlacierAfterDays',
      });
    }
  });

/** The validated configuration with every default filled in. */
export type MailtrailConfig = z.output<typeof MailtrailConfigSchema>;
/** What a user writes: every field optional. */
export type MailtrailConfigInput = z.input<typeof MailtrailConfigSchema>;

/** Thrown at synth when the configuration is invalid; lists every problem. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Invalid mailtrail configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates a raw configuration (e.g. cdk.json context `mailtrail`), filling
 * defaults; throws one {@link ConfigError} listing every problem. A string
 * is parsed as JSON first: `cdk deploy -c mailtrail='{…}'` passes one.
 * @example loadConfig(app.node.tryGetContext('mailtrail'))
 */
export function loadConfig(raw: unknown): MailtrailConfig {
  const result = MailtrailConfigSchema.safeParse(
    typeof raw === 'string' ? parseJsonContext(raw) : (raw ?? {}),
  );
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    ),
  );
}

/** The object a `-c mailtrail='{…}'` string holds; a clear error otherwise. */
function parseJsonContext(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError([
      `(root): the mailtrail context is a string but not JSON (${(err as Error).message}); pass one line (the cdk CLI keeps only the first line of a -c value), e.g. -c mailtrail='{"alarms":{"email":"ops@example.com"}}'`,
    ]);
  }
}
