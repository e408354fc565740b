import { expect } from 'vitest';
import { VerificationError } from '../../core/errors';

/** Runs `run`, asserts it throws a VerificationError and returns its reason. */
export function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VerificationError);
    return (error as VerificationError).reason;
  }
  throw new Error('expected a VerificationError');
}
