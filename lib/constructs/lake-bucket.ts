import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';

/** Prefixes holding payloads as received: tiered to IA, then Glacier IR. */
export const EVIDENCE_PREFIXES = ['raw/', 'errors/'] as const;

/** Athena query results are disposable; kept this long for re-downloads. */
export const ATHENA_RESULTS_EXPIRE_DAYS = 30;

/** Server access logs are kept this long. */
export const ACCESS_LOGS_EXPIRE_DAYS = 365;

/** Lifecycle and removal of the lake bucket. */
export interface LakeStorage {
  /** Days after which raw payloads move to S3 Standard-IA. @default 30 */
  readonly rawInfrequentAccessAfterDays?: number;
  /** Days after which raw payloads move to Glacier Instant Retrieval. @default 90 */
  readonly rawGlacierAfterDays?: number;
  /** Days after which raw payloads expire; 0 keeps them. @default 400 */
  readonly rawExpireAfterDays?: number;
  /** Days after which rejected/ bodies (refused webhook requests) expire. @default 30 */
  readonly rejectedExpireAfterDays?: number;
  /** Days after which canonical events expire; 0 keeps them. @default 0 */
  readonly eventsExpireAfterDays?: number;
  /** Keep the buckets when the stack is deleted. @default true */
  readonly retainOnDelete?: boolean;
}

const STORAGE_DEFAULTS: Required<LakeStorage> = {
  rawInfrequentAccessAfterDays: 30,
  rawGlacierAfterDays: 90,
  rawExpireAfterDays: 400,
  rejectedExpireAfterDays: 30,
  eventsExpireAfterDays: 0,
  retainOnDelete: true,
};

/**
 * Lifecycle rules of the lake bucket: evidence prefixes
 * (raw/ and Firehose's errors/) move to Standard-IA, then Glacier Instant
 * Retrieval, and expire when configured; rejected/ (what anyone may POST)
 * expires after `rejectedExpireAfterDays`; events/ expire only when
 * configured; Athena results after 30 days; stale multipart uploads after 7.
 */
export function lakeLifecycleRules(storage: LakeStorage = {}): LifecycleRule[] {
  const lake = { ...STORAGE_DEFAULTS, ...storage };
  const expire = (days: number) => (days > 0 ? Duration.days(days) : undefined);
  const evidence = EVIDENCE_PREFIXES.map(
    (prefix): LifecycleRule => ({
      id: `tier-${prefix.slice(0, -1)}`,
      prefix,
      transitions: [
        {
          storageClass: StorageClass.INFREQUENT_ACCESS,
          transitionAfter: Duration.days(lake.rawInfrequentAccessAfterDays),
        },
        {
          storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
          transitionAfter: Duration.days(lake.rawGlacierAfterDays),
        },
      ],
      expiration: expire(lake.rawExpireAfterDays),
    }),
  );
  const events: LifecycleRule[] =
    lake.eventsExpireAfterDays > 0
      ? [
          {
            id: 'expire-events',
            prefix: 'events/',
            expiration: expire(lake.eventsExpireAfterDays),
          },
        ]
      : [];
  const rejected: LifecycleRule = {
    id: 'expire-rejected',
    prefix: 'rejected/',
    expiration: Duration.days(lake.rejectedExpireAfterDays),
  };
  return [
    ...evidence,
    rejected,
    ...events,
    {
      id: 'expire-athena-results',
      prefix: 'athena-results/',
      expiration: Duration.days(ATHENA_RESULTS_EXPIRE_DAYS),
    },
    {
      id: 'abort-incomplete-uploads',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    },
  ];
}

/** The lake bucket and the bucket receiving its server access logs. */
export interface LakeBuckets {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
}

/**
 * Pins log delivery to a bucket policy (not the legacy LogDeliveryWrite ACL)
 * on `scope`, whatever the app's feature flags; call before adding children.
 */
export function useBucketPolicyForAccessLogs(scope: Construct): void {
  scope.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
}

/**
 * Creates the lake bucket and its access-log bucket. SSE-S3 rather than KMS:
 * Athena, Firehose and S3 access logging use it with no key policy to keep in
 * step, and KMS request charges would scale with every Firehose write and
 * Athena scan. No versioning: Firehose and archivers write each key once (an
 * archiver re-run rewrites the same bytes), and retention is the lifecycle's.
 */
export function createLakeBuckets(
  scope: Construct,
  storage: LakeStorage = {},
): LakeBuckets {
  const removal =
    (storage.retainOnDelete ?? STORAGE_DEFAULTS.retainOnDelete)
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };
  const common = {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...removal,
  };
  const accessLogsBucket = new Bucket(scope, 'AccessLogsBucket', {
    ...common,
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(ACCESS_LOGS_EXPIRE_DAYS),
      },
    ],
  });
  const bucket = new Bucket(scope, 'Bucket', {
    ...common,
    serverAccessLogsBucket: accessLogsBucket,
    serverAccessLogsPrefix: 'lake/',
    lifecycleRules: lakeLifecycleRules(storage),
  });
  return { bucket, accessLogsBucket };
}
