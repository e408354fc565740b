/**
 * The deployment contract between the constructs (lib/) and the Lambdas:
 * names of the environment variables the constructs set and the handlers
 * read, and the attribute names of the tables both sides touch. Imported by
 * both, so the two never drift apart.
 */
export const ENV = {
  EVENTS_STREAM_NAME: 'MAILTRAIL_EVENTS_STREAM',
  RAW_STREAM_NAME: 'MAILTRAIL_RAW_STREAM',
  METRICS_NAMESPACE: 'MAILTRAIL_METRICS_NAMESPACE',
  METRIC_DIMENSIONS: 'MAILTRAIL_METRIC_DIMENSIONS',
  /** Comma-separated listed sending domains (config metrics.sendingDomains). */
  METRIC_SENDING_DOMAINS: 'MAILTRAIL_METRIC_SENDING_DOMAINS',
  RATE_WINDOW_HOURS: 'MAILTRAIL_RATE_WINDOW_HOURS',
  RATE_MINIMUM_VOLUME: 'MAILTRAIL_RATE_MINIMUM_VOLUME',
  LAKE_BUCKET: 'MAILTRAIL_LAKE_BUCKET',
  CMC_TIMEZONE: 'MAILTRAIL_CMC_TIMEZONE',
  PRIVACY_KEY_SECRET: 'MAILTRAIL_PRIVACY_KEY_SECRET',
  MAILGUN_SIGNING_KEY_SECRET: 'MAILTRAIL_MAILGUN_SIGNING_KEY_SECRET',
  BLASTENGINE_TOKEN_SECRET: 'MAILTRAIL_BLASTENGINE_TOKEN_SECRET',
  BLASTENGINE_ALLOWED_IPS: 'MAILTRAIL_BLASTENGINE_ALLOWED_IPS',
  CMC_WEBHOOK_SECRET: 'MAILTRAIL_CMC_WEBHOOK_SECRET',
  REPLAY_TABLE_NAME: 'MAILTRAIL_REPLAY_TABLE',
  MAILGUN_TOLERANCE_SECONDS: 'MAILTRAIL_MAILGUN_TOLERANCE_SECONDS',
  WEBHOOK_MAX_BODY_BYTES: 'MAILTRAIL_WEBHOOK_MAX_BODY_BYTES',
  /** 'false' turns off event counts (SES Firehose when SNS already counts). */
  PUBLISH_EVENT_COUNTS: 'MAILTRAIL_PUBLISH_EVENT_COUNTS',
  /** Which archiver a function runs: blastengine, mailgun or cmc. */
  ARCHIVER_PROVIDER: 'MAILTRAIL_ARCHIVER_PROVIDER',
  /** Name of the archiver's API credentials secret. */
  ARCHIVER_SECRET: 'MAILTRAIL_ARCHIVER_SECRET',
  /** Override of the provider API base URL (tests, proxies). */
  ARCHIVER_BASE_URL: 'MAILTRAIL_ARCHIVER_BASE_URL',
  /** Comma-separated Mailgun sending domains to archive. */
  MAILGUN_DOMAINS: 'MAILTRAIL_MAILGUN_DOMAINS',
  /** Mailgun region: us or eu. */
  MAILGUN_REGION: 'MAILTRAIL_MAILGUN_REGION',
  CMC_SERVER_COMPOSITION: 'MAILTRAIL_CMC_SERVER_COMPOSITION',
  /** Comma-separated CMC lists to archive (unset: deliveries,bounces). */
  CMC_ARCHIVE_LISTS: 'MAILTRAIL_CMC_ARCHIVE_LISTS',
  /** Athena workgroup the reconciliation Lambda runs its query in. */
  ATHENA_WORKGROUP: 'MAILTRAIL_ATHENA_WORKGROUP',
  /** Id of the `reconciliation` named query. */
  RECONCILIATION_QUERY_ID: 'MAILTRAIL_RECONCILIATION_QUERY_ID',
  /** Days each reconciliation run covers, today included. */
  RECONCILIATION_DAYS: 'MAILTRAIL_RECONCILIATION_DAYS',
  /** Share of a day's events above which missed webhooks alarm. */
  RECONCILIATION_MISSED_SHARE: 'MAILTRAIL_RECONCILIATION_MISSED_SHARE',
  /** The suppression table; unset turns suppression recording off. */
  SUPPRESSIONS_TABLE: 'MAILTRAIL_SUPPRESSIONS_TABLE',
  /** Consecutive soft bounces that suppress (unset or 0: off). */
  SOFT_BOUNCE_THRESHOLD: 'MAILTRAIL_SOFT_BOUNCE_THRESHOLD',
  /** Window of those soft bounces, days. */
  SOFT_BOUNCE_WINDOW_DAYS: 'MAILTRAIL_SOFT_BOUNCE_WINDOW_DAYS',
  /** Push targets of the push function: comma-separated `ses`, `mailgun`. */
  SUPPRESSION_PUSH_TARGETS: 'MAILTRAIL_SUPPRESSION_PUSH_TARGETS',
  /** Comma-separated Mailgun domains suppressions are pushed to. */
  SUPPRESSION_PUSH_MAILGUN_DOMAINS:
    'MAILTRAIL_SUPPRESSION_PUSH_MAILGUN_DOMAINS',
  /** Mailgun region of those domains: us or eu. */
  SUPPRESSION_PUSH_MAILGUN_REGION: 'MAILTRAIL_SUPPRESSION_PUSH_MAILGUN_REGION',
  /** Name of the secret holding the Mailgun private API key for pushes. */
  SUPPRESSION_PUSH_MAILGUN_SECRET: 'MAILTRAIL_SUPPRESSION_PUSH_MAILGUN_SECRET',
} as const;

/** Partition key attribute of the suppression table (string). */
export const SUPPRESSION_KEY_ATTRIBUTE = 'address';
/** Map attribute of the suppression table: push target → ISO time pushed. */
export const SUPPRESSION_PUSHED_ATTRIBUTE = 'pushed';

/** Partition key attribute of the replay table (string). */
export const REPLAY_KEY_ATTRIBUTE = 'pk';
/** TTL attribute of the replay table (epoch seconds). */
export const REPLAY_TTL_ATTRIBUTE = 'expires_at';

/**
 * The largest webhook body the function can receive, and the maximum and
 * default of `webhooks.maxBodyBytes`: 4 MiB. HTTP APIs base64-encode form
 * and multipart bodies (4/3 the size) into the Lambda event, and a
 * synchronous invocation's event may not exceed 6 MB: 4 MiB encodes to
 * 5,592,408 bytes, leaving ~400 KB for headers (at most 10 KB) and the
 * request context. A body above ~4.4 MB would be refused by API Gateway
 * before the function sees it.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
