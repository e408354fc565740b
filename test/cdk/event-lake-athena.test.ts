import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_QUERIES, reconciliationQuery } from '../../core/queries';

const SAVED_QUERIES = [...NAMED_QUERIES, reconciliationQuery];

import {
  DATA_COLUMNS_EXPECTED,
  type LakeSynth,
  resourcesOf,
  synthLake,
} from './lake-template';

// docs/design.md "Storage and Athena": the named queries the lake must ship.
const QUERY_NAMES = [
  'daily-rates',
  'top-bounce-reasons',
  'recipient-timeline',
  'deferrals',
  'complaints-by-tag',
  'reconciliation',
];

const PRESTO: Record<string, string> = {
  int: 'integer',
  string: 'varchar',
  'map<string,string>': 'map(varchar,varchar)',
};

// The view has every event column (provider included, after event_id) + dt.
const VIEW_COLUMNS_EXPECTED = [
  ...DATA_COLUMNS_EXPECTED.slice(0, 2),
  ['provider', 'string'],
  ...DATA_COLUMNS_EXPECTED.slice(2),
  ['dt', 'string'],
];

function decodeView(text: string) {
  const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
  return JSON.parse(Buffer.from(match?.[1] ?? '', 'base64').toString());
}

describe('EventLake Athena', () => {
  let s: LakeSynth;
  beforeAll(() => {
    s = synthLake();
  });

  it('limits bytes scanned and encrypts results in an enforced workgroup', () => {
    s.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'mailtrail',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: {
            'Fn::Join': [
              '',
              ['s3://', { Ref: s.id(s.lake.bucket) }, '/athena-results/'],
            ],
          },
        },
      },
    });
  });

  it('saves one named query per core query, reconciliation included', () => {
    s.template.resourceCountIs('AWS::Athena::NamedQuery', SAVED_QUERIES.length);
  });

  it.each(QUERY_NAMES)('saves the %s named query in the workgroup', (name) => {
    // Arrange
    const query = SAVED_QUERIES.find((q) => q.name === name);
    const tables = {
      events: 'mailtrail.events',
      dedup: 'mailtrail.events_dedup',
    };
    // Act
    const found = resourcesOf(s, 'AWS::Athena::NamedQuery', { Name: name });
    // Assert
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties).toStrictEqual({
      Name: name,
      Description: query?.description,
      Database: 'mailtrail',
      WorkGroup: { Ref: s.id(s.lake.workGroup) },
      QueryString: query?.sql('athena', tables),
    });
  });

  it('defines events_dedup as a Presto view over the events table', () => {
    // Act
    const [view] = resourcesOf(s, 'AWS::Glue::Table', {
      TableInput: { Name: 'events_dedup' },
    });
    const input = view?.Properties.TableInput;
    const definition = decodeView(input.ViewOriginalText);
    // Assert
    expect(view?.Properties.DatabaseName).toBe('mailtrail');
    expect(input.TableType).toBe('VIRTUAL_VIEW');
    expect(input.Parameters).toStrictEqual({
      presto_view: 'true',
      comment: 'Presto View',
    });
    expect(definition.catalog).toBe('awsdatacatalog');
    expect(definition.schema).toBe('mailtrail');
    expect(definition.originalSql).toMatch(/FROM mailtrail\.events\n/);
    expect(definition.originalSql).not.toMatch(/;\s*$/);
  });

  it('declares the view columns in Trino and Hive types alike', () => {
    // Act
    const [view] = resourcesOf(s, 'AWS::Glue::Table', {
      TableInput: { Name: 'events_dedup' },
    });
    const input = view?.Properties.TableInput;
    // Assert
    expect(decodeView(input.ViewOriginalText).columns).toStrictEqual(
      VIEW_COLUMNS_EXPECTED.map(([name, type]) => ({
        name,
        type: PRESTO[type as string],
      })),
    );
    expect(input.StorageDescriptor.Columns).toStrictEqual(
      VIEW_COLUMNS_EXPECTED.map(([Name, Type]) => ({ Name, Type })),
    );
  });

  it('creates the view after its database and table', () => {
    // Act
    const viewId = s.id(s.lake.dedupView);
    // Assert
    expect(s.resources[viewId].DependsOn).toEqual(
      expect.arrayContaining([s.id(s.lake.database), s.id(s.lake.table)]),
    );
  });
});
