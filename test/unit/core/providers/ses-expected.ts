import { expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeSes } from '../../../../core/providers/ses';
import type { NormalizeContext } from '../../../../core/providers/types';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';
import { SES_FIXTURE_TAGS } from '../../../helpers/ses-sns-bounce';

/** The context every SES test normalizes with. */
export const ctx: NormalizeContext = {
  receivedAt: '2026-03-14T09:00:00.000Z',
  source: 'sns',
};

/** mail.tags of the fixtures, flattened. */
export const TAGS = SES_FIXTURE_TAGS;

/** Fields every fixture shares (same sender, same receipt). */
export const COMMON = {
  schema_version: 1,
  provider: 'ses',
  received_at: '2026-03-14T09:00:00.000Z',
  sender: 'noreply@mail.example.com',
  from_domain: 'mail.example.com',
  source: 'sns',
} as const;

/** The subject most fixtures carry. */
export const SHIPPED = 'Your order #A-10293 has shipped';

/** The fields of an expected SES event beyond COMMON and event_id. */
export type SesFields = Omit<EmailEvent, keyof typeof COMMON | 'event_id'>;

/** A key case: a fixture and the one event it normalizes to. */
export interface SesKeyCase {
  title: string;
  fixture: string;
  feedbackId: string | null;
  fields: SesFields;
}

/**
 * An expected SES event: COMMON plus `fields`, with event_id hashed from
 * message id, eventType, recipient, timestamp and feedbackId.
 */
export function sesEvent(
  fields: SesFields,
  feedbackId: string | null = null,
): EmailEvent {
  return {
    ...COMMON,
    ...fields,
    event_id: eventId('ses', [
      fields.message_id,
      fields.provider_event,
      fields.recipient,
      fields.occurred_at,
      feedbackId,
    ]),
  };
}

/**
 * Registers one it() per key case, titled by the case: its fixture
 * normalizes to exactly the one event `sesEvent` builds from it.
 */
export function itNormalizesKeyCases(cases: readonly SesKeyCase[]): void {
  it.each(cases.map((c) => [c.title, c] as const))(
    '%s',
    (_title, { fixture, feedbackId, fields }) => {
      // Act
      const events = normalizeFixture(fixture);
      // Assert
      expect(events).toStrictEqual([sesEvent(fields, feedbackId)]);
    },
  );
}

/** Normalizes an SES fixture from test/fixtures. */
export function normalizeFixture(name: string): EmailEvent[] {
  return normalizeSes(loadFixture('ses', name), ctx);
}

/**
 * Loads a fixture (a fresh copy) and applies dot-path edits; `undefined`
 * deletes the key. E.g. `{ 'bounce.bounceSubType': 'Suppressed' }`.
 */
export function patchedFixture(
  name: string,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const payload = loadFixture<Record<string, unknown>>('ses', name);
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node = payload;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return payload;
}
