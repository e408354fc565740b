/**
 * Structured logging the use cases write to; the Powertools Logger fits.
 * Never handed request bodies or secrets.
 */
export interface Log {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** A Log that drops everything (tests, callers without logging). */
export const NO_LOG: Log = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
