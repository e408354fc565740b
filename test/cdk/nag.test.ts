import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import type { MailtrailConfigInput } from '../../lib/config';
import { synthMailtrail } from '../helpers/cdk';

// Every optional feature on, so every construct and its grants are checked.
const EVERYTHING: MailtrailConfigInput = {
  prefix: 'mailtrail-all',
  lake: { retainOnDelete: false, eventsExpireAfterDays: 730 },
  providers: {
    ses: {
      destinations: ['sns', 'firehose'],
      existingConfigurationSets: ['existing-set'],
    },
    mailgun: { domains: ['mg.example.com'], region: 'eu' },
    blastengine: { archive: true, allowedSourceIps: ['203.0.113.10'] },
    cmc: { archive: true },
  },
  alarms: { email: 'ops@example.com' },
  privacy: { hashRecipients: true },
};

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default config', {}],
    ['an everything-enabled config', EVERYTHING],
  ])('passes on %s with no error annotations', (_name, config) => {
    // Act
    const { app, stack } = synthMailtrail(config, { nag: true });
    // Assert
    expect(() => app.synth()).not.toThrow();
    expect(
      Annotations.fromStack(stack).findError('*', Match.anyValue()),
    ).toStrictEqual([]);
  });

  it('fails synthesis on an unacknowledged finding', () => {
    // Arrange: skip Lambda bundling, only the validation matters here.
    const outdir = mkdtempSync(join(tmpdir(), 'mailtrail-nag-'));
    const context = { 'aws:cdk:bundling-stacks': [] };
    const { app, stack } = buildApp(new App({ outdir, context }));
    new Bucket(stack, 'NagProbe', { enforceSSL: true });
    // Act
    const act = () => app.synth();
    // Assert
    expect(act).toThrow(/validation-report\.json/);
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    );
    const nag = report.pluginReports.find(
      (r: { pluginName: string }) => r.pluginName === 'AwsSolutions',
    );
    expect(nag.violations).toContainEqual(
      expect.objectContaining({
        ruleName: 'AwsSolutions-S1',
        violatingConstructs: [
          expect.objectContaining({
            constructPath: 'Mailtrail/NagProbe/Resource',
          }),
        ],
      }),
    );
  });
});
