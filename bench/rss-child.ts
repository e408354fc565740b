/**
 * Child process of the RSS measurement: streams the corpus through one mode
 * and prints {"peakRss","maxRss","events"} as JSON. Run in a fresh process
 * so each figure starts from the same empty heap.
 * Usage: node --expose-gc --import tsx bench/rss-child.ts <normalize|baseline> <events> <seed>
 *        node --expose-gc --import tsx bench/rss-child.ts cli <file.ndjson>
 * (cli: `mailtrail normalize FILE` in-process, events printed to /dev/null)
 */
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { main } from '../cli/main';
import { normalizeInput } from '../core/normalize-input';
import { generateCorpus, templates } from './corpus';

const [mode = 'normalize', eventsArg = '100000', seedArg = '1'] =
  process.argv.slice(2);
const SAMPLE_EVERY = 64;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
templates();
gc();
const startRss = process.memoryUsage.rss();
const startHeap = process.memoryUsage().heapUsed;
let peakRss = startRss;
let events = 0;
let sink = 0;
let i = 0;

/** `mailtrail normalize FILE` with stdout counted and discarded. */
async function runCli(file: string): Promise<void> {
  const stdout = createWriteStream('/dev/null');
  const counted = new PassThrough();
  counted.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) events += 1;
  });
  counted.pipe(stdout);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const code = await main(['normalize', file], {
    stdin: new PassThrough(),
    stdout: counted,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  clearInterval(sampler);
  if (code !== 0) process.exit(code);
}

if (mode === 'cli') await runCli(eventsArg);
const corpus =
  mode === 'cli'
    ? []
    : generateCorpus({ events: Number(eventsArg), seed: Number(seedArg) });
for (const p of corpus) {
  if (mode === 'normalize') {
    events += normalizeInput(p.provider, p.body, {
      receivedAt: '2026-03-14T03:00:00.000Z',
      contentType: p.contentType,
    }).length;
  } else {
    sink += JSON.stringify(JSON.parse(p.body)).length;
    events += p.events;
  }
  if (++i % SAMPLE_EVERY === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
}
peakRss = Math.max(peakRss, process.memoryUsage.rss());
// maxRSS is the kernel's high-water mark in KiB, between samples too.
const maxRss = process.resourceUsage().maxRSS * 1024;
// What is still reachable once garbage is collected: flat means no leak.
gc();
const endHeap = process.memoryUsage().heapUsed;
const result = { mode, events, startRss, peakRss, maxRss, startHeap, endHeap };
process.stdout.write(`${JSON.stringify({ ...result, sink: sink > 0 })}\n`);
