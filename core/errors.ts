/** Why a piece of input or a step of the pipeline failed. */
export type PipelineErrorReason =
  | 'malformed'
  | 'unsupported'
  | 'too-large'
  | 'missing-header'
  | 'missing-credentials'
  | 'stale'
  | 'future'
  | 'mismatch'
  | 'replayed'
  | 'forbidden-ip'
  | 'config'
  | 'undelivered'
  | 'unauthorized'
  | 'upstream'
  | 'conflict';

/** Base class of every error mailtrail raises on purpose. */
export class PipelineError extends Error {
  readonly reason: PipelineErrorReason;

  constructor(
    message: string,
    reason: PipelineErrorReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PipelineError';
    this.reason = reason;
  }
}

/** The payload is not what the provider sends (not JSON, wrong shape). */
export class MalformedPayloadError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'malformed', options);
    this.name = 'MalformedPayloadError';
  }
}

/** A webhook request failed authentication (signature, key, token, IP). */
export class VerificationError extends PipelineError {
  constructor(
    message: string,
    reason: Extract<
      PipelineErrorReason,
      | 'missing-header'
      | 'missing-credentials'
      | 'stale'
      | 'future'
      | 'mismatch'
      | 'replayed'
      | 'forbidden-ip'
    >,
    options?: { cause?: unknown },
  ) {
    super(message, reason, options);
    this.name = 'VerificationError';
  }
}
