import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app';
import type { MailtrailConfigInput } from '../../lib/config';
import type { MailtrailStack } from '../../lib/mailtrail-stack';

/** A synthesized mailtrail stack for template assertions. */
export interface SynthResult {
  readonly app: App;
  readonly stack: MailtrailStack;
  readonly template: Template;
}

const cache = new Map<string, SynthResult>();

/**
 * Builds the real app (cdk-nag included) with the given `mailtrail` context
 * and returns the stack's template. Cached per config: synthesis bundles
 * every Lambda, so each distinct config is synthesized once per test file.
 */
export function synthMailtrail(config: MailtrailConfigInput = {}): SynthResult {
  const key = JSON.stringify(config);
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack } = buildApp(new App({ context: { mailtrail: config } }));
  const template = Template.fromStack(stack);
  const result = { app, stack, template };
  cache.set(key, result);
  return result;
}
