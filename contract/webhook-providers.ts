/**
 * Providers that post webhooks to mailtrail (SES publishes through SNS):
 * the HTTP API routes `/webhooks/<provider>` the constructs create and the
 * webhook Lambda reads back.
 */
export const WEBHOOK_PROVIDERS = ['mailgun', 'blastengine', 'cmc'] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];
