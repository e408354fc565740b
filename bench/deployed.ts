import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { normalizeInput } from '../core/normalize-input';
import { lambdaEsbuildOptions } from '../scripts/lambda-bundles';

/**
 * core/normalize-input.ts as the Lambdas run it: bundled with the options
 * `cdk deploy` uses (PIPELINE_BUNDLING: minified ESM), written to
 * `.bench/deployed/` and imported, so the throughput pass times the shipped
 * code rather than tsx's on-the-fly transform of the sources.
 */
export async function deployedNormalizeInput(
  root: string,
): Promise<typeof normalizeInput> {
  const outfile = join(root, '.bench', 'deployed', 'normalize-input.mjs');
  await build({
    ...lambdaEsbuildOptions(),
    entryPoints: [join(root, 'core', 'normalize-input.ts')],
    outfile,
  });
  const mod: typeof import('../core/normalize-input') = await import(
    pathToFileURL(outfile).href
  );
  return mod.normalizeInput;
}
