import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { HMAC_KEY_ENV } from '../../../cli/privacy-key';
import { pseudonymizeEvent } from '../../../core/privacy';
import type { EmailEvent } from '../../../core/schema';
import { memoryIo } from '../../helpers/cli-io';

const KEY = 'a-recipient-key-of-32-characters';

describe('mailtrail hash', () => {
  it('prints the pseudonym the lake stores for each address, one per line', async () => {
    // Arrange: what a Lambda with hashRecipients stores for these recipients.
    const stored = ['hanako.yamada@example.com', 'ada@example.org'].map(
      (recipient) =>
        pseudonymizeEvent({ recipient } as EmailEvent, KEY).recipient,
    );
    const io = memoryIo({ [HMAC_KEY_ENV]: KEY });
    // Act
    const code = await main(
      ['hash', ' Hanako.Yamada@Example.com', 'ada@example.org'],
      io,
    );
    // Assert
    expect(code).toBe(0);
    expect(io.out()).toBe(`${stored.join('\n')}\n`);
    expect(stored[0]).toMatch(/^hmac:[0-9a-f]{64}$/);
    expect(io.err()).toBe('');
  });

  it('asks for the key when neither the variable nor --secret is given', async () => {
    // Arrange
    const io = memoryIo({});
    // Act
    const code = await main(['hash', 'ada@example.org'], io);
    // Assert
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      `mailtrail hash: set ${HMAC_KEY_ENV} or pass --secret (see mailtrail help hash)\n`,
    );
  });

  it('refuses a key shorter than the Lambdas accept', async () => {
    // Arrange
    const io = memoryIo({ [HMAC_KEY_ENV]: 'short' });
    // Act
    const code = await main(['hash', 'ada@example.org'], io);
    // Assert
    expect(code).toBe(1);
    expect(io.err()).toContain('at least 16 characters');
    expect(io.out()).toBe('');
  });

  it('rejects something that is not an address and prints nothing', async () => {
    // Arrange
    const io = memoryIo({ [HMAC_KEY_ENV]: KEY });
    // Act
    const code = await main(['hash', 'ada@example.org', 'not an address'], io);
    // Assert
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(
      /^mailtrail hash: .+\(see mailtrail help hash\)\n$/,
    );
  });

  it('needs at least one address', async () => {
    const io = memoryIo({ [HMAC_KEY_ENV]: KEY });
    expect(await main(['hash'], io)).toBe(1);
    expect(io.err()).toContain('give at least one ADDRESS');
  });
});
