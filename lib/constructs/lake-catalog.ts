import {
  Database,
  DataFormat,
  DateIntervalUnit,
  PartitionProjectionConfiguration,
  S3Table,
  S3TableStorage,
  Schema,
} from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DATA_COLUMNS, PARTITION_KEYS, PROVIDERS } from '../../core/schema';
import { toGlueColumns } from './glue-columns';

/** Name of the canonical events table in the lake's Glue database. */
export const EVENTS_TABLE_NAME = 'events';

/** S3 prefix of the events table (docs/design.md "Storage and Athena"). */
export const EVENTS_PREFIX = 'events/';

/**
 * First and last `dt` Athena projects. The end is a day past NOW so an event
 * stamped slightly ahead of the clock (provider clock skew) is still visible.
 */
export const DT_PROJECTION_RANGE = { min: '2020-01-01', max: 'NOW+1DAYS' };

/** Glue database name for a config prefix: Glue/Athena want no dashes. */
export function glueDatabaseName(prefix: string): string {
  return prefix.replaceAll('-', '_');
}

/** The Glue database and the events table of the lake. */
export interface LakeCatalog {
  readonly database: Database;
  readonly table: S3Table;
}

/**
 * Creates the Glue database and the `events` table, its columns generated
 * from core/schema.ts DATA_COLUMNS, partitioned by provider and dt with
 * partition projection (no crawler, no MSCK REPAIR).
 */
export function createLakeCatalog(
  scope: Construct,
  bucket: IBucket,
  prefix: string,
): LakeCatalog {
  const database = new Database(scope, 'Database', {
    databaseName: glueDatabaseName(prefix),
    description: 'mailtrail event lake',
  });
  const table = new S3Table(scope, 'EventsTable', {
    database,
    tableName: EVENTS_TABLE_NAME,
    description: 'Canonical email events (mailtrail schema_version 1)',
    columns: toGlueColumns(DATA_COLUMNS),
    partitionKeys: PARTITION_KEYS.map((name) => ({
      name,
      type: Schema.STRING,
    })),
    dataFormat: DataFormat.PARQUET,
    storage: S3TableStorage.fromBucket(bucket),
    s3Prefix: EVENTS_PREFIX,
    // SSE-S3 is decrypted by S3 itself; `true` would mean client-side (CSE).
    hasEncryptedData: false,
    partitionProjection: {
      provider: PartitionProjectionConfiguration.enum({
        values: [...PROVIDERS],
      }),
      dt: PartitionProjectionConfiguration.date({
        ...DT_PROJECTION_RANGE,
        format: 'yyyy-MM-dd',
        step: { interval: 1, intervalUnit: DateIntervalUnit.DAYS },
      }),
    },
    parameters: {
      'storage.location.template': `s3://${bucket.bucketName}/${EVENTS_PREFIX}provider=\${provider}/dt=\${dt}/`,
    },
  });
  return { database, table };
}
