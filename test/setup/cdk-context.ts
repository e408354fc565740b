// vitest setupFile of the cdk project: every App in a test file takes the
// Lambda code from the bundles built once by globalSetup (CDK_CONTEXT_JSON is
// read by every App), so no synthesis runs esbuild.
import { inject } from 'vitest';
import { LAMBDA_BUNDLES_CONTEXT } from '../../lib/constructs/pipeline-function';

process.env.CDK_CONTEXT_JSON = JSON.stringify({
  [LAMBDA_BUNDLES_CONTEXT]: inject('lambdaBundles'),
});
