import { beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_COLUMNS_EXPECTED,
  destinationOf,
  type LakeSynth,
  resourcesOf,
  synthLake,
} from './lake-template';

const PARQUET = 'org.apache.hadoop.hive.ql.io.parquet';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's placeholders
const LOCATION_TEMPLATE = '/events/provider=${provider}/dt=${dt}/';

function jq(query: string) {
  return {
    Type: 'MetadataExtraction',
    Parameters: [
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: query },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ],
  };
}

describe('EventLake streams and table', () => {
  let s: LakeSynth;
  beforeAll(() => {
    s = synthLake();
  });

  it('converts events to GZIP Parquet against the Glue events table', () => {
    // Act
    const dest = destinationOf(s, 'mailtrail-events');
    // Assert
    expect(dest.DataFormatConversionConfiguration).toStrictEqual({
      Enabled: true,
      InputFormatConfiguration: {
        Deserializer: { OpenXJsonSerDe: { CaseInsensitive: false } },
      },
      OutputFormatConfiguration: {
        Serializer: { ParquetSerDe: { Compression: 'GZIP' } },
      },
      SchemaConfiguration: {
        CatalogId: '123456789012',
        Region: 'ap-northeast-1',
        VersionId: 'LATEST',
        DatabaseName: { Ref: s.id(s.lake.database) },
        TableName: { Ref: s.id(s.lake.table) },
        RoleARN: dest.RoleARN,
      },
    });
  });

  it('partitions events by provider and date after de-aggregating', () => {
    // Act
    const dest = destinationOf(s, 'mailtrail-events');
    // Assert
    expect(dest.Prefix).toBe(
      'events/provider=!{partitionKeyFromQuery:provider}/dt=!{partitionKeyFromQuery:dt}/',
    );
    expect(dest.ErrorOutputPrefix).toBe(
      'errors/events/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
    );
    expect(dest.DynamicPartitioningConfiguration).toStrictEqual({
      Enabled: true,
    });
    expect(dest.BufferingHints).toStrictEqual({
      IntervalInSeconds: 300,
      SizeInMBs: 64,
    });
    expect(dest.ProcessingConfiguration.Processors).toStrictEqual([
      {
        Type: 'RecordDeAggregation',
        Parameters: [
          { ParameterName: 'SubRecordType', ParameterValue: 'JSON' },
        ],
      },
      jq('{"provider":.provider,"dt":.occurred_at[0:10]}'),
    ]);
  });

  it('writes raw records as gzip NDJSON by kind, provider and date', () => {
    // Act
    const dest = destinationOf(s, 'mailtrail-raw');
    // Assert
    expect(dest.Prefix).toBe(
      '!{partitionKeyFromQuery:kind}/provider=!{partitionKeyFromQuery:provider}/dt=!{partitionKeyFromQuery:dt}/',
    );
    expect(dest.ErrorOutputPrefix).toBe(
      'errors/raw/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
    );
    expect(dest.CompressionFormat).toBe('GZIP');
    // Evidence, not read within minutes: fewer, larger objects (≥ 128 KB
    // is what S3 lifecycle transitions).
    expect(dest.BufferingHints).toStrictEqual({
      IntervalInSeconds: 900,
      SizeInMBs: 64,
    });
    expect(dest.DataFormatConversionConfiguration).toBeUndefined();
    expect(dest.ProcessingConfiguration.Processors).toStrictEqual([
      jq('{"kind":.kind,"provider":.provider,"dt":.received_at[0:10]}'),
      // No Delimiter parameter: Firehose's default delimiter is a newline.
      { Type: 'AppendDelimiterToRecord', Parameters: [] },
    ]);
  });

  it.each(['mailtrail-events', 'mailtrail-raw'])(
    'encrypts %s and logs its delivery errors',
    (name) => {
      // Act
      const [stream] = resourcesOf(s, 'AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamName: name,
      });
      // Assert
      expect(
        stream?.Properties.DeliveryStreamEncryptionConfigurationInput,
      ).toStrictEqual({ KeyType: 'AWS_OWNED_CMK' });
      expect(destinationOf(s, name).CloudWatchLoggingOptions.Enabled).toBe(
        true,
      );
    },
  );

  it.each(['mailtrail-events', 'mailtrail-raw'])(
    'lets only Firehose of this account assume the %s role',
    (name) => {
      // Arrange
      const [roleId] = destinationOf(s, name).RoleARN['Fn::GetAtt'];
      // Act
      const trust = s.resources[roleId].Properties.AssumeRolePolicyDocument;
      // Assert
      expect(trust.Statement).toStrictEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'firehose.amazonaws.com' },
          Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } },
        },
      ]);
    },
  );

  it('lets the events stream read the Glue table schema', () => {
    // Arrange
    const [roleId] = destinationOf(s, 'mailtrail-events').RoleARN['Fn::GetAtt'];
    // Act
    const [policy] = resourcesOf(s, 'AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
    });
    // Assert
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: [
          'glue:GetTable',
          'glue:GetTableVersion',
          'glue:GetTableVersions',
        ],
        Effect: 'Allow',
      }),
    );
  });

  it('generates the Glue columns from the canonical schema', () => {
    // Act
    const input = s.resources[s.id(s.lake.table)].Properties.TableInput;
    // Assert
    expect(input.Name).toBe('events');
    expect(input.StorageDescriptor.Columns).toStrictEqual(
      DATA_COLUMNS_EXPECTED.map(([Name, Type]) => ({ Name, Type })),
    );
    expect(input.PartitionKeys).toStrictEqual([
      { Name: 'provider', Type: 'string' },
      { Name: 'dt', Type: 'string' },
    ]);
  });

  it('stores the events table as Parquet under events/', () => {
    // Act
    const sd =
      s.resources[s.id(s.lake.table)].Properties.TableInput.StorageDescriptor;
    // Assert
    expect(sd.SerdeInfo).toStrictEqual({
      SerializationLibrary: `${PARQUET}.serde.ParquetHiveSerDe`,
    });
    expect(sd.InputFormat).toBe(`${PARQUET}.MapredParquetInputFormat`);
    expect(sd.OutputFormat).toBe(`${PARQUET}.MapredParquetOutputFormat`);
    expect(sd.Location).toStrictEqual({
      'Fn::Join': ['', ['s3://', { Ref: s.id(s.lake.bucket) }, '/events/']],
    });
  });

  it('projects provider and dt partitions instead of crawling', () => {
    // Act
    const input = s.resources[s.id(s.lake.table)].Properties.TableInput;
    // Assert
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.provider.type': 'enum',
      'projection.provider.values': 'ses,mailgun,blastengine,cmc',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2020-01-01,NOW+1DAYS',
      'storage.location.template': {
        'Fn::Join': [
          '',
          ['s3://', { Ref: s.id(s.lake.bucket) }, LOCATION_TEMPLATE],
        ],
      },
    });
    s.template.resourceCountIs('AWS::Glue::Crawler', 0);
  });
});
