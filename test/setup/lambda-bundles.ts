// vitest globalSetup of the cdk project: bundles every Lambda once per run,
// as `npm run build` does, instead of esbuild in every synthesis.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { bundleLambdas } from '../../scripts/lambda-bundles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of prebuilt bundles, `<dir>/<handler>/index.mjs`. */
    lambdaBundles: string;
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'mailtrail-bundles-'));
  await bundleLambdas(ROOT, dir);
  project.provide('lambdaBundles', dir);
  return () => rm(dir, { recursive: true, force: true });
}
