import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: {
      // The SDK's Node 20 end-of-support notice would repeat in every worker.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Handlers' Powertools loggers: tests assert results, not log lines.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    reporters: ['default', './test/setup/coverage-line.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'cdk',
          include: ['test/cdk/**/*.test.ts'],
          globalSetup: ['test/setup/lambda-bundles.ts'],
          setupFiles: ['test/setup/cdk-context.ts'],
          // Files share one aws-cdk-lib load per worker (apps are independent).
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: {
            AWS_REGION: 'ap-northeast-1',
            CDK_DEFAULT_ACCOUNT: '123456789012',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['core/**/*.ts'],
      // One line on the console (test/setup/coverage-line.ts), the table here.
      reporter: [['text', { file: 'coverage.txt' }]],
      thresholds: {
        lines: 100,
        branches: 100,
        functions: 100,
        statements: 100,
      },
    },
  },
});
