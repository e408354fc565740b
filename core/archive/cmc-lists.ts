import { PipelineError } from '../errors';

/** Every list the CMC archiver can read, in the order a day is walked. */
export const CMC_LISTS = ['deliveries', 'bounces', 'blocks'] as const;
/** One CMC list. */
export type CmcList = (typeof CMC_LISTS)[number];

/**
 * The lists archived unless configured otherwise: `blocks` needs the Pro
 * plan and answers `{"errors":[…]}` on any other (docs/providers.md §4.1, §4.3).
 */
export const DEFAULT_CMC_LISTS: readonly CmcList[] = ['deliveries', 'bounces'];

/** True when `value` names a CMC list. */
export function isCmcList(value: unknown): value is CmcList {
  return CMC_LISTS.includes(value as CmcList);
}

/**
 * Validates configured list names (env var, `--lists`) and puts them in
 * CMC order; throws a config error on an unknown, repeated or missing list.
 * @example cmcLists(['bounces', 'deliveries']) // ['deliveries', 'bounces']
 */
export function cmcLists(names: readonly string[]): CmcList[] {
  const unknown = names.filter((n) => !isCmcList(n));
  if (unknown.length > 0) {
    throw new PipelineError(
      `unknown CMC list "${unknown.join(', ')}" (expected ${CMC_LISTS.join(', ')})`,
      'config',
    );
  }
  if (new Set(names).size !== names.length) {
    throw new PipelineError(
      `CMC lists must not repeat: ${names.join(',')}`,
      'config',
    );
  }
  if (names.length === 0) {
    throw new PipelineError('at least one CMC list is required', 'config');
  }
  return CMC_LISTS.filter((l) => names.includes(l));
}

/**
 * The first of `lists` after `list` in CMC order, or undefined when none is
 * left. `list` itself need not be one of `lists` (a list dropped from the
 * configuration while a walk was on it).
 */
export function cmcListAfter(
  list: CmcList,
  lists: readonly CmcList[],
): CmcList | undefined {
  const at = CMC_LISTS.indexOf(list);
  return CMC_LISTS.find((l, i) => i > at && lists.includes(l));
}
