import { PipelineError } from '../../core/errors';

/**
 * A provider refused the credentials (401/403). Never retried: the secret
 * must be fixed; the message says which provider and where to look.
 */
export class ProviderAuthError extends PipelineError {
  readonly provider: string;
  readonly status: number;

  constructor(
    provider: string,
    status: number,
    summary: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${provider} API refused the credentials (HTTP ${status}): ${summary || 'no details'} — check the archiver secret`,
      'unauthorized',
      options,
    );
    this.name = 'ProviderAuthError';
    this.provider = provider;
    this.status = status;
  }
}

/**
 * A provider request failed for good: a 4xx other than auth, or a 429/5xx
 * or network failure that outlasted every retry. `status` is null for a
 * network error or timeout.
 */
export class ProviderHttpError extends PipelineError {
  readonly provider: string;
  readonly status: number | null;

  constructor(
    provider: string,
    status: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, 'upstream', options);
    this.name = 'ProviderHttpError';
    this.provider = provider;
    this.status = status;
  }
}

/** Another run changed the cursor since it was read (conditional write). */
export class CursorConflictError extends PipelineError {
  constructor(id: string, options?: { cause?: unknown }) {
    super(
      `archive cursor ${id} was changed by another run; this run stops so they do not overlap`,
      'conflict',
      options,
    );
    this.name = 'CursorConflictError';
  }
}
