import { Stack } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { type LakeColumn, toGlueColumns, toPrestoType } from './glue-columns';

/** Props of {@link AthenaView}. */
export interface AthenaViewProps {
  /** Glue database (Athena schema) holding the view; a literal name. */
  readonly databaseName: string;
  /** Name of the view. */
  readonly viewName: string;
  /** The view's SELECT, in Athena (Trino) SQL. */
  readonly sql: string;
  /** Output columns of `sql`, in order; Athena marks the view stale otherwise. */
  readonly columns: readonly LakeColumn[];
  /** @default - no description */
  readonly description?: string;
}

/**
 * The `ViewOriginalText` Athena writes for a view: a base64 JSON definition
 * in a `/* Presto View: … *\/` comment, with Trino column types.
 */
export function prestoViewText(props: AthenaViewProps): string {
  const definition = {
    originalSql: props.sql.trim().replace(/;\s*$/, ''),
    catalog: 'awsdatacatalog',
    schema: props.databaseName,
    columns: props.columns.map((c) => ({
      name: c.name,
      type: toPrestoType(c.type),
    })),
  };
  const encoded = Buffer.from(JSON.stringify(definition)).toString('base64');
  return `/* Presto View: ${encoded} */`;
}

/**
 * An Athena view as a Glue `VIRTUAL_VIEW` table, i.e. exactly what
 * `CREATE VIEW` in Athena stores, but created, updated and deleted by
 * CloudFormation with no query execution or custom resource.
 * @example new AthenaView(this, 'Dedup', { databaseName, viewName, sql, columns })
 */
export class AthenaView extends Construct {
  /** The Glue table holding the view definition. */
  readonly resource: CfnTable;
  /** Name of the view. */
  readonly viewName: string;

  constructor(scope: Construct, id: string, props: AthenaViewProps) {
    super(scope, id);
    this.viewName = props.viewName;
    this.resource = new CfnTable(this, 'Resource', {
      catalogId: Stack.of(this).account,
      databaseName: props.databaseName,
      tableInput: {
        name: props.viewName,
        description: props.description,
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: prestoViewText(props),
        viewExpandedText: '/* Presto View */',
        partitionKeys: [],
        storageDescriptor: {
          columns: toGlueColumns(props.columns).map((c) => ({
            name: c.name,
            type: c.type.inputString,
          })),
          serdeInfo: {},
        },
      },
    });
  }
}
