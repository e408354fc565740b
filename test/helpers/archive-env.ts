import type { ArchiveEnv } from '../../app/archive/run-archive';
import { MemoryArchiveStore, MemoryCursorStore } from './memory-archive';
import { MemorySink } from './memory-sink';

/** An in-memory archive environment at a fixed clock, retrying without waits. */
export function archiveEnv(
  now: string,
  remainingMs?: () => number,
): {
  env: ArchiveEnv;
  store: MemoryArchiveStore;
  cursors: MemoryCursorStore;
  sink: MemorySink;
} {
  const store = new MemoryArchiveStore();
  const cursors = new MemoryCursorStore();
  const sink = new MemorySink();
  const noWait = async (): Promise<void> => {};
  const env: ArchiveEnv = {
    store,
    cursors,
    sink,
    now: () => Date.parse(now),
    remainingMs,
    sleep: noWait,
    httpOptions: { sleep: noWait, baseDelayMs: 1 },
  };
  return { env, store, cursors, sink };
}

/** The same stores and sink as `base`, at another clock or deadline. */
export function rerunEnv(
  base: ArchiveEnv,
  patch: Partial<ArchiveEnv>,
): ArchiveEnv {
  return { ...base, ...patch };
}
