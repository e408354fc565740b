#!/usr/bin/env node
// CLI entry. Installed, it runs the compiled dist/cli.js; in a clone of the
// repository (cli/ sources beside it) it runs the TypeScript through tsx, a
// devDependency, so no build is needed while developing.
import { existsSync } from 'node:fs';

// The SDK's notice that future releases need Node 22 is not about this run;
// keep stderr for mailtrail's own one-line messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const source = new URL('../cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli.js');
}
process.exitCode = await cli.main(process.argv.slice(2));
