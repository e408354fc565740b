import { type AttachPlan, describeTarget } from './attach-plan';

/** Where the plan applies, for the report's first line. */
export interface AttachReportContext {
  readonly configurationSetName: string;
  readonly region?: string;
  /** True when nothing was written (`--dry-run`). */
  readonly dryRun?: boolean;
}

const VERB = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
} as const;

/**
 * Renders what `ses attach` did (or would do) as text lines: created with
 * its target and event types, updated with each changed field, or unchanged.
 * @example describeAttach(plan, { configurationSetName: 'prod' }).join('\n')
 */
export function describeAttach(
  plan: AttachPlan,
  ctx: AttachReportContext,
): string[] {
  const where = `configuration set "${ctx.configurationSetName}"${
    ctx.region ? ` (${ctx.region})` : ''
  }`;
  const what = `event destination "${plan.name}"`;
  if (plan.action === 'unchanged') {
    return [`unchanged: ${what} on ${where} is already up to date`];
  }
  const verb = VERB[plan.action][ctx.dryRun ? 1 : 0];
  const head = `${verb} ${what} on ${where}`;
  if (plan.action === 'create') {
    const types = plan.definition.MatchingEventTypes;
    return [
      head,
      `  destination: ${describeTarget(plan.definition)}`,
      `  event types: ${types.join(', ')} (${types.length})`,
    ];
  }
  return [
    head,
    ...plan.changes.map((c) => `  ${c.field}: ${c.from} -> ${c.to}`),
  ];
}
