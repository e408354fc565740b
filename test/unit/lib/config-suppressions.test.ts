import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../lib/config';

describe('suppressions configuration', () => {
  it('is on with every push off by default', () => {
    expect(loadConfig({}).suppressions).toEqual({
      enabled: true,
      softBounceThreshold: 0,
      softBounceWindowDays: 7,
      push: {
        ses: { enabled: false },
        mailgun: {
          enabled: false,
          domains: [],
          region: 'us',
          apiKeySecretName: 'mailtrail/mailgun/api-key',
        },
      },
    });
  });

  it('refuses a Mailgun push without a domain', () => {
    expect(() =>
      loadConfig({ suppressions: { push: { mailgun: { enabled: true } } } }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ suppressions: { push: { mailgun: { enabled: true } } } }),
    ).toThrow('suppressions.push.mailgun.domains: list at least one domain');
  });
});
