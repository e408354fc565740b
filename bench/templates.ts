import { normalizeInput } from '../core/normalize-input';
import type { Provider } from '../core/schema';
import { listFixtures, loadFixture } from '../test/helpers/fixtures';
import { type CompiledTemplate, compileTemplate } from './vary';

/** One template event and how many canonical events it yields. */
export interface Template {
  readonly compiled: CompiledTemplate;
  readonly events: number;
}

/** CMC templates per event_type: one POST carries one type (docs/providers.md §4.1). */
export type CmcTemplates = Readonly<Record<string, readonly Template[]>>;

/** Every template the corpus varies, from test/fixtures. */
export interface Templates {
  readonly ses: readonly Template[];
  readonly mailgun: readonly Template[];
  readonly blastengine: readonly Template[];
  readonly cmc: CmcTemplates;
  /** The SNS → Lambda record the SES SNS shape wraps messages in. */
  readonly snsRecord: Record<string, unknown>;
  /** The Firehose transformation event the SES Firehose shape mimics. */
  readonly firehoseEvent: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const RECEIVED_AT = '2026-03-14T03:00:00.000Z';

/** Compiles an item; counts the events of `body`, the item as sent alone. */
const template = (
  provider: Provider,
  item: unknown,
  body: unknown,
): Template => ({
  compiled: compileTemplate(item),
  events: normalizeInput(provider, JSON.stringify(body), {
    receivedAt: RECEIVED_AT,
    contentType: 'application/json',
  }).length,
});

/** SES raw events: single events, and the Messages inside SNS Lambda events. */
function sesItems(): Json[] {
  const items: Json[] = [];
  for (const file of listFixtures('ses', /\.json$/)) {
    const value = loadFixture<Json>('ses', file);
    if (Array.isArray(value.Records)) {
      for (const r of value.Records as { Sns: { Message: string } }[]) {
        items.push(JSON.parse(r.Sns.Message) as Json);
      }
    } else if ('eventType' in value || 'notificationType' in value) {
      items.push(value);
    }
  }
  return items;
}

function cmcTemplates(): CmcTemplates {
  const byType: Record<string, Template[]> = {};
  for (const file of listFixtures('cmc', /^webhook-.*\.json$/)) {
    const body = loadFixture<{ event_type: string; event: Json }>('cmc', file);
    const type = body.event_type;
    for (const item of body.event[type] as unknown[]) {
      const single = { ...body, event: { [type]: [item] } };
      const list = byType[type] ?? [];
      list.push(template('cmc', item, single));
      byType[type] = list;
    }
  }
  return byType;
}

/**
 * Loads and counts every template once; the corpus then only varies them.
 * Throws if a fixture no longer normalizes (the corpus would be wrong).
 */
export function loadTemplates(): Templates {
  const sesTemplates = sesItems().map((item) => template('ses', item, item));
  const mailgun = listFixtures('mailgun', /^webhook-.*\.json$/).map((f) => {
    const item = loadFixture('mailgun', f);
    return template('mailgun', item, item);
  });
  const blastengine = listFixtures('blastengine', /^webhook-.*\.json$/)
    .flatMap((f) => loadFixture<{ events: unknown[] }>('blastengine', f).events)
    .map((item) => template('blastengine', item, { events: [item] }));
  const sns = loadFixture<{ Records: Json[] }>(
    'ses',
    'sns-lambda-event-bounce',
  );
  return {
    ses: sesTemplates,
    mailgun,
    blastengine,
    cmc: cmcTemplates(),
    snsRecord: sns.Records[0]!,
    firehoseEvent: loadFixture<Json>('ses', 'firehose-transform-lambda-event'),
  };
}
