import {
  type CfnElement,
  CfnOutput,
  Duration,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type { Database, S3Table } from 'aws-cdk-lib/aws-glue';
import type { DeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import {
  EVENTS_BUFFERING_SECONDS,
  RAW_BUFFERING_SECONDS,
} from '../../core/buffering';
import {
  DEDUP_VIEW,
  dedupSelectSql,
  NAMED_QUERIES,
  reconciliationQuery,
  VIEW_COLUMNS,
} from '../../core/queries';
import { AthenaView } from './athena-view';
import { acknowledgeBucketObjects } from './bucket-grant-nag';
import { eventTableColumns } from './glue-columns';
import { LakeWorkGroup } from './lake-athena';
import {
  createLakeBuckets,
  type LakeStorage,
  useBucketPolicyForAccessLogs,
} from './lake-bucket';
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
  /** Prefix of named resources (Glue database, Athena workgroup, streams). @default 'mailtrail' */
  readonly prefix?: string;
  /** Lifecycle and removal of the lake bucket. @default see {@link LakeStorage} */
  readonly storage?: LakeStorage;
  /** Firehose buffering interval of the events stream. @default Duration.seconds(300) */
  readonly bufferingInterval?: Duration;
  /**
   * Firehose buffering interval of the raw stream: fewer, larger objects,
   * which S3 lifecycle transitions (it skips objects under 128 KB).
   * @default Duration.seconds(900)
   */
  readonly rawBufferingInterval?: Duration;
  /** Athena per-query bytes-scanned cutoff. @default 10 GiB */
  readonly athenaBytesScannedCutoff?: number;
  /**
   * User-created secret holding the key writers pseudonymize recipients
   * with (keyed HMAC-SHA256) before anything is stored.
   * @default none: recipients are stored as received
   */
  readonly privacyKeySecretName?: string;
}

/** What a lake writer writes besides canonical events. */
export interface LakeWriteOptions {
  /** Raw records (raw/, rejected/) through the raw stream. @default false */
  readonly raw?: boolean;
  /**
   * Providers whose raw records too large for a Firehose record go straight
   * to S3 (raw|rejected/provider=<p>/oversize-<uuid>).
   * @default none
   */
  readonly oversizeRawProviders?: readonly string[];
}

/**
 * The event lake (docs/design.md "Storage and Athena"): the S3 bucket, the Glue
 * database and partition-projected `events` table, the events (Parquet) and
 * raw (gzip NDJSON) Firehose streams, and the Athena workgroup with named
 * queries and the `events_dedup` view. Writers get their grants and
 * environment from {@link EventLake.grantWrite}.
 * @example const lake = new EventLake(this, 'Lake', { prefix: 'mailtrail' });
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
  /** The recipient-pseudonymizing key writers read; absent when off. */
  readonly privacyKey?: ISecret;

  constructor(scope: Construct, id: string, props: EventLakeProps) {
    super(scope, id);
    useBucketPolicyForAccessLogs(this);
    const prefix = props.prefix ?? 'mailtrail';
    const buckets = createLakeBuckets(this, props.storage);
    this.bucket = buckets.bucket;
    this.accessLogsBucket = buckets.accessLogsBucket;
    const catalog = createLakeCatalog(this, this.bucket, prefix);
    this.database = catalog.database;
    this.table = catalog.table;

    const streamOptions = {
      bucket: this.bucket,
      prefix,
      bufferingInterval:
        props.bufferingInterval ?? Duration.seconds(EVENTS_BUFFERING_SECONDS),
    };
    const events = createEventsStream(this, {
      ...streamOptions,
      table: this.table,
    });
    const raw = createRawStream(this, {
      ...streamOptions,
      bufferingInterval:
        props.rawBufferingInterval ?? Duration.seconds(RAW_BUFFERING_SECONDS),
    });
    this.acknowledgeStreamRole(events, true);
    this.acknowledgeStreamRole(raw, false);
    this.eventsStream = events.stream;
    this.rawStream = raw.stream;
    this.eventsStreamLogGroup = events.logGroup;
    this.rawStreamLogGroup = raw.logGroup;

    const athena = this.createAthena(
      prefix,
      props.athenaBytesScannedCutoff ?? 10 * 1024 ** 3,
    );
    this.dedupView = athena.dedupView;
    this.workGroup = athena.workGroup;
    this.workGroupName = athena.workGroup.workGroupName;
    if (props.privacyKeySecretName !== undefined) {
      this.privacyKey = Secret.fromSecretNameV2(
        this,
        'PrivacyKey',
        props.privacyKeySecretName,
      );
    }
    this.addOutputs();
  }

  /**
   * The one way a function becomes a lake writer: PutRecordBatch on the
   * events stream (and the raw stream with `raw`), read access to the
   * privacy key, direct S3 puts of oversized raw records, the nag
   * acknowledgements of those grants, and the environment the lake sink
   * reads (lambdas/wiring/lake-sink.ts: streams, bucket, privacy key).
   * @example lake.grantWrite(fn, { raw: true })
   */
  grantWrite(fn: LambdaFunction, options: LakeWriteOptions = {}): void {
    const environment: Record<string, string> = {
      [ENV.EVENTS_STREAM_NAME]: this.eventsStream.deliveryStreamName,
      [ENV.RAW_STREAM_NAME]: this.rawStream.deliveryStreamName,
      [ENV.LAKE_BUCKET]: this.bucket.bucketName,
      ...(this.privacyKey
        ? { [ENV.PRIVACY_KEY_SECRET]: this.privacyKey.secretName }
        : {}),
    };
    for (const [name, value] of Object.entries(environment)) {
      fn.addEnvironment(name, value);
    }
    this.eventsStream.grantPutRecords(fn);
    if (options.raw) this.rawStream.grantPutRecords(fn);
    this.privacyKey?.grantRead(fn);
    this.grantOversizeRawPuts(fn, options.oversizeRawProviders ?? []);
  }

  /**
   * Lets `fn` write raw bodies too large for a Firehose record straight to
   * S3 (FirehoseSink: raw|rejected/provider=<p>/dt=<d>/oversize-<uuid>),
   * under the given providers' prefixes only, and acknowledges the prefix
   * wildcards and s3:Abort* that bucket.grantPut (L2) produces.
   */
  private grantOversizeRawPuts(
    fn: LambdaFunction,
    providers: readonly string[],
  ): void {
    if (providers.length === 0) return;
    const cfn = this.bucket.node.defaultChild as CfnElement;
    const arn = `<${Stack.of(fn).getLogicalId(cfn)}.Arn>`;
    const findings = ['Action::s3:Abort*'];
    for (const provider of providers) {
      for (const kind of ['raw', 'rejected']) {
        this.bucket.grantPut(fn, `${kind}/provider=${provider}/*`);
        findings.push(`Resource::${arn}/${kind}/provider=${provider}/*`);
      }
    }
    for (const finding of findings) {
      Validations.of(fn.role ?? fn).acknowledge({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'Oversized raw bodies are objects named by date and uuid under raw|rejected/provider=<p>/: a prefix is the narrowest grant; Abort* comes with the L2 grantPut for multipart uploads.',
      });
    }
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
   * The S3 destination grants the role Firehose's S3 actions on bucket/*
   * (firehose-bucket-access.ts) and, for format conversion,
   * glue:GetSchemaVersion on '*'; each wildcard finding is acknowledged here.
   */
  private acknowledgeStreamRole(lakeStream: LakeStream, glue: boolean): void {
    acknowledgeBucketObjects(
      lakeStream.role,
      this.bucket,
      '*',
      'Firehose S3 destination (only the S3 actions Firehose needs; no delete or lock): objects are written under keys built per record from partition keys, so object actions need bucket/*.',
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
