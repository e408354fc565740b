import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EVIDENCE_PREFIXES,
  type LakeSynth,
  rejectedExpiry,
  synthLake,
  TAIL_RULES,
  tiering,
} from './lake-template';

describe('EventLake bucket with the default config', () => {
  let s: LakeSynth;
  beforeAll(() => {
    s = synthLake();
  });

  it('encrypts with SSE-S3 and blocks all public access', () => {
    // Act
    const props = s.resources[s.id(s.lake.bucket)].Properties;
    // Assert
    expect(props.BucketEncryption).toStrictEqual({
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    });
    expect(props.PublicAccessBlockConfiguration).toStrictEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('sends server access logs to the access-log bucket', () => {
    // Act
    const props = s.resources[s.id(s.lake.bucket)].Properties;
    // Assert
    expect(props.LoggingConfiguration).toStrictEqual({
      DestinationBucketName: { Ref: s.id(s.lake.accessLogsBucket) },
      LogFilePrefix: 'lake/',
    });
  });

  it('lets S3 deliver access logs by bucket policy, not by ACL', () => {
    // Arrange
    const logsId = s.id(s.lake.accessLogsBucket);
    // Act
    const logs = s.resources[logsId].Properties;
    // Assert
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.OwnershipControls).toStrictEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('denies every request to the bucket that is not over TLS', () => {
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: s.id(s.lake.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('tiers evidence, keeps events and expires Athena results', () => {
    // Act
    const rules =
      s.resources[s.id(s.lake.bucket)].Properties.LifecycleConfiguration.Rules;
    // Assert
    expect(rules).toStrictEqual([
      ...EVIDENCE_PREFIXES.map((p) => tiering(p, 30, 90, 400)),
      rejectedExpiry(30),
      ...TAIL_RULES,
    ]);
  });

  it('retains the bucket when the stack is deleted', () => {
    expect(s.resources[s.id(s.lake.bucket)].DeletionPolicy).toBe('Retain');
    s.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });
});
