#!/usr/bin/env node
// CLI entry: registers tsx so the TypeScript sources run as they are, with no
// build step after `npm ci`.
import { register } from 'tsx/esm/api';

// The SDK's notice that future releases need Node 22 is not about this run;
// keep stderr for mailtrail's own one-line messages.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
