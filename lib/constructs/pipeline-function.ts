import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Props of {@link PipelineFunction}. */
export interface PipelineFunctionProps {
  /** Handler directory under lambdas/, e.g. 'webhook' → lambdas/webhook/handler.ts. */
  readonly handler: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** Escape hatch for anything else. */
  readonly functionProps?: Partial<NodejsFunctionProps>;
}

/**
 * esbuild options of every mailtrail Lambda; exported so `npm run bench`
 * measures bundles built exactly as `cdk deploy` builds them.
 */
export const PIPELINE_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // ESM bundles that include CJS dependencies need require (TOOLCHAIN.md).
  banner:
    "import { createRequire as __cr } from 'node:module';const require = __cr(import.meta.url);",
  externalModules: [],
} as const satisfies BundlingOptions;

/**
 * The one place that fixes runtime, architecture, bundling, log retention and
 * source maps for every mailtrail Lambda (STYLE.md rule 14).
 */
export class PipelineFunction extends Construct {
  readonly fn: NodejsFunction;
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
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'lambdas', props.handler, 'handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      role: this.role,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      projectRoot: REPO_ROOT,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: PIPELINE_BUNDLING,
      ...props.functionProps,
    });
    // Tracing.ACTIVE adds xray:PutTraceSegments/PutTelemetryRecords on '*'.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; the wildcard is the only valid resource.',
    });
  }
}
