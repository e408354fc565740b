import { describe, expect, it } from 'vitest';
import { NO_LOG } from '../../../../app/log';
import { checkSuppression } from '../../../../app/suppressions/check';
import { recordSuppressions } from '../../../../app/suppressions/record';
import type { EmailEvent } from '../../../../core/schema';
import { MemorySuppressionStore } from '../../../helpers/memory-suppressions';
import { at, ev } from '../../../helpers/suppression-events';

describe('checkSuppression', () => {
  it('answers the CLI check object, matching case-insensitively', async () => {
    const store = new MemorySuppressionStore();
    await recordSuppressions(
      [ev(1, 'complained', at(2), { provider: 'ses' }) as EmailEvent],
      {
        store,
        rules: {},
        publish: async () => {},
        log: NO_LOG,
      },
    );
    const res = await checkSuppression(' ADA@example.COM ', { store });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      address: 'ada@example.com',
      suppressed: true,
      reason: 'complaint',
      provider: 'ses',
      since: at(2),
    });
    const other = await checkSuppression('bob@example.com', { store });
    expect(JSON.parse(other.body)).toEqual({
      address: 'bob@example.com',
      suppressed: false,
      reason: null,
      provider: null,
      since: null,
    });
  });

  it.each([
    ['no-at-sign'],
    ['@example.com'],
    [`${'a'.repeat(320)}@example.com`],
    ['ada\r\n@example.com'],
  ])('refuses %j with 400 and never reads the table', async (input) => {
    const store = new MemorySuppressionStore();
    const res = await checkSuppression(input, { store });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/^invalid address: /);
    expect(store.gets).toBe(0);
  });

  it('answers 503 when the table cannot be read', async () => {
    const store = new MemorySuppressionStore();
    store.get = async () => Promise.reject(new Error('down'));
    const res = await checkSuppression('ada@example.com', { store });
    expect(res.statusCode).toBe(503);
  });
});
