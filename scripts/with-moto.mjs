#!/usr/bin/env node
// Runs a command with a fresh moto_server on 127.0.0.1 (a free port), exposing
// MOTO_ENDPOINT and dummy credentials to it, and stops the server afterwards.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-moto.mjs <command> [args...]');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(endpoint, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('moto_server exited early');
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('moto_server did not answer within 30 s');
}

const port = await freePort();
const endpoint = `http://127.0.0.1:${port}`;
let moto;
try {
  moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
} catch (err) {
  console.error(`cannot start moto_server: ${err.message}`);
  process.exit(1);
}
moto.on('error', (err) => {
  console.error(
    `cannot start moto_server (${err.message}); install it with: pip install "moto[server]"`,
  );
  process.exit(1);
});
let motoLog = '';
moto.stderr.on('data', (d) => {
  motoLog = (motoLog + d).slice(-20_000);
});
try {
  await waitReady(endpoint, moto);
} catch (err) {
  console.error(`${err.message}\n${motoLog}`);
  moto.kill('SIGTERM');
  process.exit(1);
}
const child = spawn(cmd, args, {
  stdio: 'inherit',
  shell: false,
  env: {
    ...process.env,
    MOTO_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  },
});
const code = await new Promise((resolve) =>
  child.on('exit', (c) => resolve(c ?? 1)),
);
moto.kill('SIGTERM');
process.exit(code);
