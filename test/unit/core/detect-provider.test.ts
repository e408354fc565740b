import { describe, expect, it } from 'vitest';
import { detectProvider } from '../../../core/detect-provider';
import { loadFixture } from '../../helpers/fixtures';

describe('detectProvider', () => {
  it.each([
    ['ses', 'bounce-undetermined.json'],
    ['mailgun', 'webhook-rejected.json'],
    ['blastengine', 'webhook-batch-mixed.json'],
    ['cmc', 'webhook-v2-bounces-4xx-5xx.json'],
    ['mailgun', 'events-api-page-empty.json'],
    ['blastengine', 'api-logs-mails-results-page1.json'],
    ['blastengine', 'api-logs-mails-results-empty.json'],
    ['blastengine', 'api-logs-mails-detail.json'],
    ['cmc', 'api-deliveries-list-response.json'],
    ['cmc', 'api-blocks-list-response.json'],
  ] as const)('tells %s from its fixture %s', (provider, file) => {
    expect(detectProvider(loadFixture(provider, file))).toBe(provider);
  });

  it('tells SES from an SNS Lambda event and a Firehose transformation event', () => {
    const sns = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:1:t:s',
          Sns: {
            Type: 'Notification',
            MessageId: 'm',
            TopicArn: 'arn:aws:sns:us-east-1:1:t',
            Message: '{}',
            Timestamp: '2026-03-14T00:00:00Z',
          },
        },
      ],
    };
    const firehose = {
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s',
      records: [{ recordId: 'r', data: 'e30=' }],
    };
    expect(detectProvider(firehose)).toBe('ses');
    expect(detectProvider(sns)).toBe('ses');
  });

  it('tells SES from a legacy notification and from an array of events', () => {
    const legacy = { notificationType: 'Bounce', mail: {} };
    expect(detectProvider(legacy)).toBe('ses');
    expect(detectProvider([{ eventType: 'Send', mail: {} }])).toBe('ses');
  });

  it('tells Mailgun from an Events API page', () => {
    expect(detectProvider({ items: [], paging: { next: 'x' } })).toBe(
      'mailgun',
    );
  });

  it.each([[{ hello: 'world' }], [null], ['text'], [[]], [{ events: [1, 2] }]])(
    'refuses to guess for %j',
    (payload) => {
      expect(() => detectProvider(payload)).toThrow(
        'cannot tell the provider from the payload',
      );
    },
  );

  it('names every provider a payload fits when it fits more than one', () => {
    const both = {
      event_type: 'bounces',
      event: {},
      signature: {},
      'event-data': {},
    };
    expect(() => detectProvider(both)).toThrow(
      'the payload fits more than one provider (mailgun, cmc)',
    );
  });
});
