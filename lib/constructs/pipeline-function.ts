import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  type FunctionOptions,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { packageRoot } from '../package-root';

const ROOT = packageRoot();

/**
 * Context key naming a directory of prebuilt bundles,
 * `<dir>/<handler>/index.mjs` (as `npm run build` writes under
 * dist/lambdas/): functions use them instead of bundling from source.
 */
export const LAMBDA_BUNDLES_CONTEXT = 'mailtrail:lambdaBundles';

/** X-Ray tracing of a function (config `tracing`). */
export type TracingMode = 'off' | 'active';

/**
 * Construct-tree context key holding config `tracing`: MailtrailPipeline
 * sets it, so every PipelineFunction under it follows the config without
 * each construct passing it on.
 */
export const TRACING_CONTEXT = 'mailtrail:tracing';

/** The tracing mode a function under `scope` gets: prop, else context, else 'off'. */
export function tracingModeOf(
  scope: Construct,
  mode?: TracingMode,
): TracingMode {
  const value = mode ?? scope.node.tryGetContext(TRACING_CONTEXT) ?? 'off';
  if (value !== 'off' && value !== 'active') {
    throw new Error(
      `${TRACING_CONTEXT} must be 'off' or 'active', not '${value}'`,
    );
  }
  return value;
}

/** Props of {@link PipelineFunction}. */
export interface PipelineFunctionProps {
  /**
   * Handler directory under lambdas/, e.g. 'webhook' → lambdas/webhook/handler.ts
   * (bundled at synth), or its prebuilt dist/lambdas/webhook/index.mjs when
   * the sources are absent (the installed package).
   */
  readonly handler: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default the TRACING_CONTEXT value (config `tracing`), else 'off' */
  readonly tracing?: TracingMode;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Escape hatch for anything else. */
  readonly functionProps?: Partial<FunctionOptions>;
}

/**
 * The Node.js major every mailtrail Lambda runs on: its runtime, its bundle
 * target, and the Node `npm run test:lambda-node` runs the handlers' tests on.
 */
export const LAMBDA_NODE_MAJOR = 24;
/** The Lambda runtime of {@link LAMBDA_NODE_MAJOR}. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/**
 * esbuild options of every mailtrail Lambda; exported so `npm run bench`
 * measures bundles built exactly as `cdk deploy` builds them.
 */
export const PIPELINE_BUNDLING = {
  format: OutputFormat.ESM,
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // ESM bundles that include CJS dependencies need a `require`: without it
  // a bundled CJS module fails with `Dynamic require of "node:https"`.
  banner:
    "import { createRequire as __cr } from 'node:module';const require = __cr(import.meta.url);",
  externalModules: [],
} as const satisfies BundlingOptions;

/**
 * The one place that fixes runtime, architecture, bundling, log retention and
 * source maps for every mailtrail Lambda: the stacks never set them apart.
 */
export class PipelineFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;
  /** The execution role: no managed policies, only what grants add. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole (cdk-nag IAM4):
    // the function may write to its own log group and nothing else.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);
    const tracing = tracingModeOf(this, props.tracing);
    const options: FunctionOptions = {
      role: this.role,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: tracing === 'active' ? Tracing.ACTIVE : Tracing.DISABLED,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      ...props.functionProps,
    };
    const prebuilt = prebuiltBundle(this, props.handler);
    const entry = join(ROOT, 'lambdas', props.handler, 'handler.ts');
    if (prebuilt) {
      this.fn = new LambdaFunction(this, 'Function', {
        ...options,
        runtime: LAMBDA_RUNTIME,
        code: Code.fromAsset(prebuilt),
        handler: 'index.handler',
      });
    } else if (existsSync(entry)) {
      this.fn = new NodejsFunction(this, 'Function', {
        ...options,
        runtime: LAMBDA_RUNTIME,
        entry,
        handler: 'handler',
        depsLockFilePath: join(ROOT, 'package-lock.json'),
        projectRoot: ROOT,
        bundling: PIPELINE_BUNDLING,
      });
    } else {
      throw new Error(
        `mailtrail: no code for Lambda "${props.handler}": neither ${entry} nor ${join(ROOT, 'dist', 'lambdas', props.handler, 'index.mjs')} (run \`npm run build\`)`,
      );
    }
    // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords on '*'.
    if (tracing === 'active') {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; the wildcard is the only valid resource.',
      });
    }
  }
}

/**
 * The directory of a prebuilt bundle of `handler`: from the context
 * {@link LAMBDA_BUNDLES_CONTEXT}, else dist/lambdas/ of an installed package
 * (no sources beside it). In the repository the sources win, so a stale
 * dist/ never ships.
 */
function prebuiltBundle(scope: Construct, handler: string): string | undefined {
  const fromContext = scope.node.tryGetContext(LAMBDA_BUNDLES_CONTEXT);
  if (typeof fromContext === 'string') return resolve(fromContext, handler);
  if (existsSync(join(ROOT, 'lambdas'))) return undefined;
  const dist = join(ROOT, 'dist', 'lambdas', handler);
  return existsSync(join(dist, 'index.mjs')) ? dist : undefined;
}
