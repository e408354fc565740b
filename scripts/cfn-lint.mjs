#!/usr/bin/env node
// Lints every synthesized template in cdk.out with cfn-lint (run `npm run
// synth` first). Exits non-zero on any finding.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'cdk.out';
const templates = readdirSync(dir)
  .filter((f) => f.endsWith('.template.json'))
  .map((f) => join(dir, f));
if (templates.length === 0) {
  console.error(`no templates in ${dir}: run npm run synth first`);
  process.exit(1);
}
const result = spawnSync('cfn-lint', ['--', ...templates], {
  stdio: 'inherit',
});
if (result.error) {
  console.error(
    `cannot run cfn-lint (${result.error.message}); install it with: pip install cfn-lint`,
  );
  process.exit(1);
}
if (result.status === 0)
  console.log(`cfn-lint: ${templates.length} template(s) clean`);
process.exit(result.status ?? 1);
