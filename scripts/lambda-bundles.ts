import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { PIPELINE_BUNDLING } from '../lib/constructs/pipeline-function';

/** Names of the Lambdas: every lambdas/<name>/handler.ts. */
export function lambdaHandlers(root: string): string[] {
  return readdirSync(join(root, 'lambdas'))
    .filter((d) => existsSync(join(root, 'lambdas', d, 'handler.ts')))
    .sort();
}

/**
 * esbuild options equal to what NodejsFunction derives from
 * PIPELINE_BUNDLING; `sdkExternal` leaves @aws-sdk/* to the runtime's copy.
 */
export function lambdaEsbuildOptions(sdkExternal = false) {
  const b = PIPELINE_BUNDLING;
  return {
    bundle: true,
    platform: 'node',
    format: b.format as 'esm',
    target: b.target,
    minify: b.minify,
    sourcemap: b.sourceMap,
    sourcesContent: b.sourcesContent,
    mainFields: [...b.mainFields],
    banner: { js: b.banner },
    external: [...b.externalModules, ...(sdkExternal ? ['@aws-sdk/*'] : [])],
    logLevel: 'silent',
  } satisfies BuildOptions;
}

/**
 * Bundles every Lambda once into `<outDir>/<name>/index.mjs` (+ source map),
 * the layout PipelineFunction takes as prebuilt code.
 */
export async function bundleLambdas(
  root: string,
  outDir: string,
): Promise<string[]> {
  const handlers = lambdaHandlers(root);
  await build({
    ...lambdaEsbuildOptions(),
    entryPoints: Object.fromEntries(
      handlers.map((h) => [
        join(h, 'index'),
        join(root, 'lambdas', h, 'handler.ts'),
      ]),
    ),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
  });
  return handlers;
}
