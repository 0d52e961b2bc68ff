/**
 * User-facing errors: a code, a message that names the thing, and a hint that says what to do.
 * The CLI prints these without a stack trace; anything else is an internal error.
 */
export type ErrorCode =
  | 'config-invalid'
  | 'state-corrupt'
  | 'state-future-version'
  | 'state-locked'
  | 'lock-not-found'
  | 'state-lock-lost'
  | 'state-account-mismatch'
  | 'plan-stale'
  | 'plan-invalid'
  | 'plan-unreadable'
  | 'apply-declined'
  | 'connection-failed'
  | 'secret-missing'
  | 'mass-delete'
  | 'usage';

export class CrmsyncError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CrmsyncError';
  }
}
