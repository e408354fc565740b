import { ArnFormat, Stack } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { NamedQuery, QueryTables } from '../../core/queries';

/** S3 prefix of Athena query results in the lake bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

/** Props of {@link LakeWorkGroup}. */
export interface LakeWorkGroupProps {
  readonly workGroupName: string;
  readonly bucket: IBucket;
  /** Per-query bytes-scanned cutoff. */
  readonly bytesScannedCutoff: number;
  /** Glue database the named queries run in. */
  readonly databaseName: string;
  /** Fully qualified table names the named queries read. */
  readonly tables: QueryTables;
  /** Queries to save, e.g. core/queries NAMED_QUERIES. */
  readonly queries: readonly NamedQuery[];
}

/**
 * The Athena workgroup of the lake (engine v3, enforced settings, SSE-S3
 * results under athena-results/, bytes-scanned cutoff) and one named query
 * per entry of `queries`, all in that workgroup.
 */
export class LakeWorkGroup extends Construct {
  /** The workgroup resource. */
  readonly resource: CfnWorkGroup;
  /** Name of the workgroup. */
  readonly workGroupName: string;
  /** Named queries keyed by query name. */
  readonly namedQueries: ReadonlyMap<string, CfnNamedQuery>;

  constructor(scope: Construct, id: string, props: LakeWorkGroupProps) {
    super(scope, id);
    this.workGroupName = props.workGroupName;
    this.resource = new CfnWorkGroup(this, 'Resource', {
      name: props.workGroupName,
      description: 'mailtrail event lake queries',
      // Lets the stack delete the workgroup even when it holds query history.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: props.bucket.s3UrlForObject(ATHENA_RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    const named = new Map<string, CfnNamedQuery>();
    for (const query of props.queries) {
      const resource = new CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description,
        database: props.databaseName,
        workGroup: this.resource.ref,
        queryString: query.sql('athena', props.tables),
      });
      named.set(query.name, resource);
    }
    this.namedQueries = named;
  }

  /** ARN of the workgroup (named queries and executions belong to it). */
  get workGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroupName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * Lets `grantee` read this workgroup's named queries and run, watch, read
   * and stop queries in it. The data the queries read (Glue table, lake
   * objects) and the results prefix are granted by their owners.
   */
  grantRunQueries(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:GetNamedQuery',
        'athena:GetWorkGroup',
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      resourceArns: [this.workGroupArn],
    });
  }
}
