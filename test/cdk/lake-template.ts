import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { MailtrailConfigInput } from '../../lib/config';
import type { EventLake } from '../../lib/constructs/event-lake';
import { synthMailtrail } from '../helpers/cdk';

/**
 * Data columns of the events table, hand-written on purpose: a change to
 * core/schema.ts must show up in these tests, not silently follow.
 */
export const DATA_COLUMNS_EXPECTED: readonly [string, string][] = [
  ['schema_version', 'int'],
  ['event_id', 'string'],
  ['event_type', 'string'],
  ['bounce_type', 'string'],
  ['occurred_at', 'string'],
  ['received_at', 'string'],
  ['recipient', 'string'],
  ['recipient_domain', 'string'],
  ['sender', 'string'],
  ['from_domain', 'string'],
  ['message_id', 'string'],
  ['subject', 'string'],
  ['smtp_code', 'int'],
  ['smtp_status', 'string'],
  ['diagnostic', 'string'],
  ['provider_event', 'string'],
  ['tags', 'map<string,string>'],
  ['source', 'string'],
];

/** A synthesized stack seen from its EventLake. */
export interface LakeSynth {
  readonly template: Template;
  readonly lake: EventLake;
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation template JSON
  readonly resources: Record<string, any>;
  /** Logical id of a construct's default child (its Cfn resource). */
  id(construct: { node: { defaultChild?: unknown } }): string;
}

/** Synthesizes the app (cached per config) and exposes its EventLake. */
export function synthLake(config: MailtrailConfigInput = {}): LakeSynth {
  const { stack, template } = synthMailtrail(config);
  const lake = stack.pipeline.lake;
  return {
    template,
    lake,
    resources: template.toJSON().Resources,
    id: (c) => Stack.of(lake).getLogicalId(c.node.defaultChild as CfnElement),
  };
}

/** Resources of one type whose Properties match `props`. */
export function resourcesOf(
  s: LakeSynth,
  type: string,
  props: Record<string, unknown> = {},
) {
  return Object.values(s.template.findResources(type, { Properties: props }));
}

/** The ExtendedS3DestinationConfiguration of the stream called `name`. */
export function destinationOf(s: LakeSynth, name: string) {
  const [stream] = resourcesOf(s, 'AWS::KinesisFirehose::DeliveryStream', {
    DeliveryStreamName: name,
  });
  return stream?.Properties.ExtendedS3DestinationConfiguration;
}

/** Prefixes expected to tier like raw/ (hand-written). */
export const EVIDENCE_PREFIXES = ['raw', 'errors'];

/** The expected expiry rule of rejected/ (refused webhook bodies). */
export function rejectedExpiry(days = 30) {
  return {
    Id: 'expire-rejected',
    Prefix: 'rejected/',
    Status: 'Enabled',
    ExpirationInDays: days,
  };
}
/** The lifecycle rules every config ends with. */
export const TAIL_RULES = [
  {
    Id: 'expire-athena-results',
    Prefix: 'athena-results/',
    Status: 'Enabled',
    ExpirationInDays: 30,
  },
  {
    Id: 'abort-incomplete-uploads',
    Status: 'Enabled',
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
  },
];

/** The expected IA → Glacier IR (→ expiry) rule of one evidence prefix. */
export function tiering(
  prefix: string,
  ia: number,
  glacier: number,
  expire = 0,
) {
  return {
    Id: `tier-${prefix}`,
    Prefix: `${prefix}/`,
    Status: 'Enabled',
    ...(expire > 0 ? { ExpirationInDays: expire } : {}),
    Transitions: [
      { StorageClass: 'STANDARD_IA', TransitionInDays: ia },
      { StorageClass: 'GLACIER_IR', TransitionInDays: glacier },
    ],
  };
}
