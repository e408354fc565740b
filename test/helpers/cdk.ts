import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildAppOptions, buildApp } from '../../lib/app';
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
 * Builds the real app with the given `mailtrail` context and returns the
 * stack's template. cdk-nag runs only with `nag: true` (test/cdk/nag.test.ts);
 * Lambda code comes from the bundles built once per run (test/setup/).
 * Cached per config and options within a test file.
 */
export function synthMailtrail(
  config: MailtrailConfigInput = {},
  options: BuildAppOptions = { nag: false },
): SynthResult {
  const key = JSON.stringify([config, options]);
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack } = buildApp(
    new App({ context: { mailtrail: config } }),
    options,
  );
  const template = Template.fromStack(stack);
  const result = { app, stack, template };
  cache.set(key, result);
  return result;
}

/** IAM statements of the policies attached to a function resource's role. */
export function roleStatementsOf(
  template: Template,
  fn: { Properties: Record<string, unknown> },
): Record<string, unknown>[] {
  const roleRef = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleRef),
    )
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
}

type Statement = { Action: string | string[] };

/**
 * Logical ids of the roles an AWS::IAM::Policy of the template lets call an
 * action matching `re` (e.g. /^cloudwatch:PutMetricData$/), sorted.
 */
export function rolesAllowingAction(template: Template, re: RegExp): string[] {
  const roles = new Set<string>();
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  for (const { Properties: p } of policies) {
    const statements = p.PolicyDocument.Statement as Statement[];
    const allows = statements.some((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => re.test(a)),
    );
    if (!allows) continue;
    for (const r of p.Roles as { Ref: string }[]) roles.add(r.Ref);
  }
  return [...roles].sort();
}
