/**
 * Planning `mailtrail ses attach`: given the event destinations a
 * configuration set already has and the one mailtrail wants, decide
 * create / update / unchanged. Pure: the SES v2 calls live in
 * app/ses/attach.ts and adapters/aws/ses-destinations.ts.
 */

/** Every SES v2 `MatchingEventTypes` value (docs/providers.md §1.1, API S6). */
export const SES_MATCHING_EVENT_TYPES = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
] as const;
/** One SES v2 event type a destination can match. */
export type SesMatchingEventType = (typeof SES_MATCHING_EVENT_TYPES)[number];

/** Name of the event destination mailtrail owns on a configuration set. */
export const DEFAULT_DESTINATION_NAME = 'mailtrail';

/** Where SES should publish: an SNS topic, or Firehose through an IAM role. */
export type AttachTarget =
  | { readonly kind: 'sns'; readonly topicArn: string }
  | {
      readonly kind: 'firehose';
      readonly deliveryStreamArn: string;
      readonly iamRoleArn: string;
    };

/**
 * An event destination as SES v2 returns it (API field names), reduced to
 * what planning reads; the SDK's `EventDestination` fits it structurally.
 */
export interface SesEventDestinationLike {
  readonly Name?: string;
  readonly Enabled?: boolean;
  readonly MatchingEventTypes?: readonly string[];
  readonly SnsDestination?: { readonly TopicArn?: string };
  readonly KinesisFirehoseDestination?: {
    readonly DeliveryStreamArn?: string;
    readonly IamRoleArn?: string;
  };
  readonly CloudWatchDestination?: unknown;
  readonly EventBridgeDestination?: { readonly EventBusArn?: string };
  readonly PinpointDestination?: { readonly ApplicationArn?: string };
}

/** The SES v2 `EventDestinationDefinition` sent on create and update. */
export interface SesEventDestinationDefinition {
  readonly Enabled: true;
  readonly MatchingEventTypes: SesMatchingEventType[];
  readonly SnsDestination?: { readonly TopicArn: string };
  readonly KinesisFirehoseDestination?: {
    readonly DeliveryStreamArn: string;
    readonly IamRoleArn: string;
  };
}

/** One field that differs between the existing destination and ours. */
export interface FieldChange {
  readonly field: 'Enabled' | 'MatchingEventTypes' | 'Destination';
  readonly from: string;
  readonly to: string;
}

/** What to do with a configuration set's mailtrail destination. */
export type AttachPlan =
  | {
      readonly action: 'create';
      readonly name: string;
      readonly definition: SesEventDestinationDefinition;
    }
  | {
      readonly action: 'unchanged';
      readonly name: string;
      readonly definition: SesEventDestinationDefinition;
    }
  | {
      readonly action: 'update';
      readonly name: string;
      readonly definition: SesEventDestinationDefinition;
      readonly changes: readonly FieldChange[];
    };

/**
 * The definition mailtrail wants: enabled, all ten event types (including
 * DELIVERY_DELAY and SUBSCRIPTION, which the v1 API cannot set), one target.
 */
export function toDestinationDefinition(
  target: AttachTarget,
): SesEventDestinationDefinition {
  const base = {
    Enabled: true as const,
    MatchingEventTypes: [...SES_MATCHING_EVENT_TYPES],
  };
  return target.kind === 'sns'
    ? { ...base, SnsDestination: { TopicArn: target.topicArn } }
    : {
        ...base,
        KinesisFirehoseDestination: {
          DeliveryStreamArn: target.deliveryStreamArn,
          IamRoleArn: target.iamRoleArn,
        },
      };
}

/** A one-line description of a destination's target, e.g. `sns arn:…`. */
export function describeTarget(d: SesEventDestinationLike): string {
  if (d.SnsDestination) return `sns ${d.SnsDestination.TopicArn ?? '?'}`;
  if (d.KinesisFirehoseDestination) {
    const { DeliveryStreamArn, IamRoleArn } = d.KinesisFirehoseDestination;
    return `firehose ${DeliveryStreamArn ?? '?'} (role ${IamRoleArn ?? '?'})`;
  }
  if (d.EventBridgeDestination) {
    return `eventbridge ${d.EventBridgeDestination.EventBusArn ?? '?'}`;
  }
  if (d.PinpointDestination) {
    return `pinpoint ${d.PinpointDestination.ApplicationArn ?? '?'}`;
  }
  return d.CloudWatchDestination ? 'cloudwatch' : 'none';
}

function typeList(types: readonly string[]): string {
  return types.length === 0 ? '(none)' : types.join(', ');
}

function eventTypesChange(
  existing: readonly string[],
  wanted: readonly string[],
): FieldChange | null {
  const have = new Set(existing.map((t) => t.toUpperCase()));
  const missing = wanted.filter((t) => !have.has(t));
  if (missing.length === 0 && have.size === wanted.length) return null;
  return {
    field: 'MatchingEventTypes',
    from: typeList([...have].sort()),
    to: `all ${wanted.length} (adds ${typeList(missing)})`,
  };
}

function diff(
  existing: SesEventDestinationLike,
  wanted: SesEventDestinationDefinition,
): FieldChange[] {
  const changes: FieldChange[] = [];
  if (existing.Enabled !== true) {
    changes.push({ field: 'Enabled', from: 'false', to: 'true' });
  }
  const types = eventTypesChange(
    existing.MatchingEventTypes ?? [],
    wanted.MatchingEventTypes,
  );
  if (types) changes.push(types);
  const from = describeTarget(existing);
  const to = describeTarget(wanted);
  if (from !== to) changes.push({ field: 'Destination', from, to });
  return changes;
}

/**
 * Decides whether the destination `name` must be created, updated (with the
 * fields that differ) or left alone. Only the destination with that name is
 * looked at: other destinations on the set are never touched.
 * @example planAttach(existing, 'mailtrail', { kind: 'sns', topicArn })
 */
export function planAttach(
  existing: readonly SesEventDestinationLike[],
  name: string,
  target: AttachTarget,
): AttachPlan {
  const definition = toDestinationDefinition(target);
  const current = existing.find((d) => d.Name === name);
  if (!current) return { action: 'create', name, definition };
  const changes = diff(current, definition);
  return changes.length === 0
    ? { action: 'unchanged', name, definition }
    : { action: 'update', name, definition, changes };
}
