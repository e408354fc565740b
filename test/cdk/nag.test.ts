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

// Every optional feature on, so every construct and its grants are checked;
// .ci/run synthesizes the same file with `cdk synth -c` and cfn-lints it.
const EVERYTHING: MailtrailConfigInput = JSON.parse(
  readFileSync(new URL('./all-features.json', import.meta.url), 'utf8'),
);

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

  it('synthesizes every feature from the all-features configuration', () => {
    // Act
    const { stack, template } = synthMailtrail(EVERYTHING);
    const { ses, archivers, webhooks } = stack.pipeline;
    // Assert: SES with both paths and an existing set, every archiver,
    // the webhook API, an alarm e-mail and hashed recipients.
    expect([
      !!ses?.sns,
      !!ses?.firehose,
      !!ses?.configurationSet,
    ]).toStrictEqual([true, true, true]);
    expect(ses?.existingSetDestinations).toHaveLength(2);
    expect(Object.keys(archivers.handlers).sort()).toStrictEqual([
      'blastengine',
      'cmc',
      'mailgun',
    ]);
    expect(webhooks).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    const privacy = template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: { MAILTRAIL_PRIVACY_KEY_SECRET: Match.anyValue() },
        },
      },
    });
    // webhook, SES SNS handler, SES transform, the three archivers and the
    // suppression check (it keys addresses as the writers do).
    expect(Object.keys(privacy)).toHaveLength(7);
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
