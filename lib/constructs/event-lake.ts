import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import type { Database, S3Table } from 'aws-cdk-lib/aws-glue';
import type { DeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DEDUP_VIEW,
  dedupSelectSql,
  NAMED_QUERIES,
  reconciliationQuery,
  VIEW_COLUMNS,
} from '../../core/queries';
import type { MailtrailConfig } from '../config';
import { AthenaView } from './athena-view';
import { acknowledgeBucketReadWrite } from './bucket-grant-nag';
import { eventTableColumns } from './glue-columns';
import { LakeWorkGroup } from './lake-athena';
import { createLakeBuckets, useBucketPolicyForAccessLogs } from './lake-bucket';
import {
  createLakeCatalog,
  EVENTS_TABLE_NAME,
  glueDatabaseName,
} from './lake-catalog';
import {
  createEventsStream,
  createRawStream,
  type LakeStream,
} from './lake-streams';

/** Props of {@link EventLake}. */
export interface EventLakeProps {
  /** The validated configuration; `prefix` and `lake` are read. */
  readonly config: MailtrailConfig;
}

/**
 * The event lake (docs/design.md "Storage and Athena"): the S3 bucket, the Glue
 * database and partition-projected `events` table, the events (Parquet) and
 * raw (gzip NDJSON) Firehose streams, and the Athena workgroup with named
 * queries and the `events_dedup` view.
 * @example const lake = new EventLake(this, 'Lake', { config });
 */
export class EventLake extends Construct {
  /** The lake bucket: events/, raw/, rejected/, archive/, errors/, athena-results/. */
  readonly bucket: Bucket;
  /** Receives the lake bucket's server access logs. */
  readonly accessLogsBucket: Bucket;
  /** Canonical event JSON in (many per record allowed), Parquet out. */
  readonly eventsStream: DeliveryStream;
  /** RawRecord JSON in, gzip NDJSON out under raw/ or rejected/. */
  readonly rawStream: DeliveryStream;
  /** Firehose delivery error logs of the events stream. */
  readonly eventsStreamLogGroup: LogGroup;
  /** Firehose delivery error logs of the raw stream. */
  readonly rawStreamLogGroup: LogGroup;
  /** The Glue database (the config prefix with `_` for `-`). */
  readonly database: Database;
  /** The Glue `events` table, partitioned by provider and dt. */
  readonly table: S3Table;
  /** The `events_dedup` view every named query reads. */
  readonly dedupView: AthenaView;
  /** The Athena workgroup with the named queries. */
  readonly workGroup: LakeWorkGroup;
  /** Name of the Athena workgroup to run lake queries in. */
  readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: EventLakeProps) {
    super(scope, id);
    useBucketPolicyForAccessLogs(this);
    const { prefix, lake } = props.config;
    const buckets = createLakeBuckets(this, lake);
    this.bucket = buckets.bucket;
    this.accessLogsBucket = buckets.accessLogsBucket;
    const catalog = createLakeCatalog(this, this.bucket, prefix);
    this.database = catalog.database;
    this.table = catalog.table;

    const streamOptions = {
      bucket: this.bucket,
      prefix,
      bufferingInterval: Duration.seconds(lake.bufferingIntervalSeconds),
    };
    const events = createEventsStream(this, {
      ...streamOptions,
      table: this.table,
    });
    const raw = createRawStream(this, streamOptions);
    this.acknowledgeStreamRole(events, true);
    this.acknowledgeStreamRole(raw, false);
    this.eventsStream = events.stream;
    this.rawStream = raw.stream;
    this.eventsStreamLogGroup = events.logGroup;
    this.rawStreamLogGroup = raw.logGroup;

    const athena = this.createAthena(prefix, lake.athenaBytesScannedCutoff);
    this.dedupView = athena.dedupView;
    this.workGroup = athena.workGroup;
    this.workGroupName = athena.workGroup.workGroupName;
    this.addOutputs();
  }

  /** The `events_dedup` view and the workgroup with the named queries. */
  private createAthena(
    prefix: string,
    bytesScannedCutoff: number,
  ): { dedupView: AthenaView; workGroup: LakeWorkGroup } {
    // A literal database name: the view definition embeds it (base64 JSON).
    const databaseName = glueDatabaseName(prefix);
    const tables = {
      events: `${databaseName}.${EVENTS_TABLE_NAME}`,
      dedup: `${databaseName}.${DEDUP_VIEW}`,
    };
    // The view is a Glue VIRTUAL_VIEW table (what Athena's CREATE VIEW
    // stores), not a custom resource running CREATE VIEW: CloudFormation
    // creates, updates and deletes it, and no Lambda or query is involved.
    const dedupView = new AthenaView(this, 'DedupView', {
      databaseName,
      viewName: DEDUP_VIEW,
      sql: dedupSelectSql(tables.events),
      columns: eventTableColumns(VIEW_COLUMNS),
      description: 'Canonical events, one row per event_id (latest received)',
    });
    dedupView.node.addDependency(this.database, this.table);
    const workGroup = new LakeWorkGroup(this, 'WorkGroup', {
      workGroupName: prefix,
      bucket: this.bucket,
      bytesScannedCutoff,
      databaseName,
      tables,
      queries: [...NAMED_QUERIES, reconciliationQuery],
    });
    workGroup.node.addDependency(this.database);
    return { dedupView, workGroup };
  }

  private addOutputs(): void {
    this.output('BucketName', this.bucket.bucketName, 'Lake bucket');
    this.output(
      'EventsStreamName',
      this.eventsStream.deliveryStreamName,
      'Events Firehose stream',
    );
    this.output(
      'RawStreamName',
      this.rawStream.deliveryStreamName,
      'Raw Firehose stream',
    );
    this.output('DatabaseName', this.database.databaseName, 'Glue database');
    this.output('WorkGroupName', this.workGroupName, 'Athena workgroup');
  }

  private output(id: string, value: string, description: string): void {
    new CfnOutput(this, id, { value, description });
  }

  /**
   * The L2 S3 destination grants the role read/write on the whole bucket
   * (bucket.grantReadWrite) and, for format conversion, glue:GetSchemaVersion
   * on '*'; each wildcard finding is acknowledged here with its reason.
   */
  private acknowledgeStreamRole(lakeStream: LakeStream, glue: boolean): void {
    acknowledgeBucketReadWrite(
      lakeStream.role,
      this.bucket,
      '*',
      'Firehose S3 destination (L2 bucket.grantReadWrite): objects are written under keys built per record from partition keys, so object actions need bucket/* and the grant action groups.',
    );
    if (glue) {
      Validations.of(lakeStream.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Firehose record format conversion (L2 SchemaConfiguration) needs glue:GetSchemaVersion, which supports no resource-level permissions; GetTable is scoped to the events table.',
      });
    }
  }
}
