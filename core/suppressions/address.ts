import { pseudonymizeRecipient } from '../privacy';

/** RFC 5321 limits a path to 256 octets; 320 (64 + @ + 255) is the common cap. */
export const MAX_ADDRESS_LENGTH = 320;

/** An address the suppression list refuses: never looked up, never stored. */
export class InvalidAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAddressError';
  }
}

function hasControlCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Checks an address given by a person or a service (CLI argument, API path)
 * and returns it lower-cased. Refused: control characters, more than
 * {@link MAX_ADDRESS_LENGTH} characters, no `@` with text on both sides.
 * Checked by plain scans, never a regex, so hostile input costs linear time.
 * @example normalizeAddress('Ada@Example.COM') // 'ada@example.com'
 */
export function normalizeAddress(input: string): string {
  if (hasControlCharacter(input)) {
    throw new InvalidAddressError('the address contains control characters');
  }
  const address = input.trim();
  if (address.length > MAX_ADDRESS_LENGTH) {
    throw new InvalidAddressError(
      `the address is longer than ${MAX_ADDRESS_LENGTH} characters (${address.length})`,
    );
  }
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) {
    throw new InvalidAddressError(
      `"${address}" is not an email address (expected local@domain)`,
    );
  }
  return address.toLowerCase();
}

/**
 * The key an address is stored under: lower-cased, or its keyed hash
 * (`hmac:…`, core/privacy.ts) when recipients are hashed, which is how the
 * pipeline stores `recipient` then.
 * @example suppressionKey('Ada@Example.com', { hmacKey }) // 'hmac:3f…'
 */
export function suppressionKey(
  input: string,
  options: { readonly hmacKey?: string } = {},
): string {
  const address = normalizeAddress(input);
  return options.hmacKey
    ? pseudonymizeRecipient(address, options.hmacKey)
    : address;
}
