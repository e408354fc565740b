/**
 * Firehose buffering defaults, in seconds, shared by the stack's
 * configuration, its constructs and the cost model, so the bill `mailtrail
 * cost` prices is the one `cdk deploy` builds.
 */

/** The canonical events stream: Parquet reaches Athena within ~5 minutes. */
export const EVENTS_BUFFERING_SECONDS = 300;

/**
 * The raw copies (raw stream, the SES stream's S3 output): evidence read by
 * replays and audits, not within minutes, so flushed 3× less often for fewer
 * PUTs and objects large enough for S3 lifecycle transitions (≥ 128 KB).
 */
export const RAW_BUFFERING_SECONDS = 900;

/** The longest interval Firehose accepts for S3 buffering. */
export const MAX_BUFFERING_SECONDS = 900;
