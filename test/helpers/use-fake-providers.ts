import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { FakeProviders } from './fake-common';
import { startFakeProviders } from './fake-providers';

/**
 * One fake provider server for a whole test file: started before all tests,
 * reset before each, closed after all. Call it at the file's top level; the
 * returned handle reads the running fake (its close is the hook's job).
 * @example const fake = useFakeProviders(); fake.fail({ match, status: 500 });
 */
export function useFakeProviders(): Omit<FakeProviders, 'close'> {
  let started: FakeProviders | undefined;
  const current = (): FakeProviders => {
    if (!started) throw new Error('the fake providers start in beforeAll');
    return started;
  };
  beforeAll(async () => {
    started = await startFakeProviders();
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    current().reset();
  });
  return {
    get origin() {
      return current().origin;
    },
    get blastengineUrl() {
      return current().blastengineUrl;
    },
    get mailgunUrl() {
      return current().mailgunUrl;
    },
    get cmcUrl() {
      return current().cmcUrl;
    },
    get requests() {
      return current().requests;
    },
    fail: (rule) => current().fail(rule),
    reset: () => current().reset(),
  };
}
