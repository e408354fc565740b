import { beforeAll, describe, expect, it } from 'vitest';
import type { MailtrailConfigInput } from '../../lib/config';
import {
  destinationOf,
  EVIDENCE_PREFIXES,
  type LakeSynth,
  rejectedExpiry,
  resourcesOf,
  synthLake,
  TAIL_RULES,
  tiering,
} from './lake-template';

const CUSTOM: MailtrailConfigInput = {
  prefix: 'acme-mail',
  lake: {
    rawInfrequentAccessAfterDays: 45,
    rawGlacierAfterDays: 120,
    rawExpireAfterDays: 0,
    rejectedExpireAfterDays: 7,
    eventsExpireAfterDays: 730,
    athenaBytesScannedCutoff: 50_000_000,
    bufferingIntervalSeconds: 120,
    rawBufferingIntervalSeconds: 600,
    retainOnDelete: false,
  },
};

describe('EventLake with a custom config', () => {
  let s: LakeSynth;
  beforeAll(() => {
    s = synthLake(CUSTOM);
  });

  it('names the database, workgroup and streams after the prefix', () => {
    // Act
    const names = [
      s.lake.database,
      s.lake.workGroup,
      s.lake.eventsStream,
      s.lake.rawStream,
    ].map((c) => s.resources[s.id(c)].Properties);
    // Assert
    expect(names).toStrictEqual([
      expect.objectContaining({
        DatabaseInput: expect.objectContaining({ Name: 'acme_mail' }),
      }),
      expect.objectContaining({ Name: 'acme-mail' }),
      expect.objectContaining({ DeliveryStreamName: 'acme-mail-events' }),
      expect.objectContaining({ DeliveryStreamName: 'acme-mail-raw' }),
    ]);
  });

  it('applies the configured tiering and expiry', () => {
    // Act
    const rules =
      s.resources[s.id(s.lake.bucket)].Properties.LifecycleConfiguration.Rules;
    // Assert
    expect(rules).toStrictEqual([
      ...EVIDENCE_PREFIXES.map((p) => tiering(p, 45, 120)),
      rejectedExpiry(7),
      {
        Id: 'expire-events',
        Prefix: 'events/',
        Status: 'Enabled',
        ExpirationInDays: 730,
      },
      ...TAIL_RULES,
    ]);
  });

  it('applies the configured scan cutoff and buffering intervals', () => {
    // Act
    const workGroup = s.resources[s.id(s.lake.workGroup)];
    // Assert
    expect(
      workGroup.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery,
    ).toBe(50_000_000);
    expect(
      destinationOf(s, 'acme-mail-events').BufferingHints.IntervalInSeconds,
    ).toBe(120);
    expect(
      destinationOf(s, 'acme-mail-raw').BufferingHints.IntervalInSeconds,
    ).toBe(600);
  });

  it('runs named queries in the prefixed database and its tables', () => {
    // Act
    const queries = resourcesOf(s, 'AWS::Athena::NamedQuery', {
      WorkGroup: { Ref: s.id(s.lake.workGroup) },
    }).map((q) => q.Properties);
    // Assert
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.Database).toBe('acme_mail');
      expect(query.QueryString).toMatch(/FROM acme_mail\.events/);
    }
  });

  it('deletes the bucket and its objects when not retained', () => {
    // Act
    const bucket = s.resources[s.id(s.lake.bucket)];
    // Assert
    expect(bucket.DeletionPolicy).toBe('Delete');
    s.template.hasResourceProperties('Custom::S3AutoDeleteObjects', {
      BucketName: { Ref: s.id(s.lake.bucket) },
    });
  });
});
