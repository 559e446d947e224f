// Errors that cross the boundary between connectors and the engine. A connector decides what kind
// of failure it saw (it knows HTTP and the remote's error format); the engine decides what to do
// with each kind (retry with backoff, or dead-letter with the message for the merchant).

export type FailureKind = 'transient' | 'permanent';

export interface SyncErrorOptions {
  /** Machine-readable cause, used to group dead letters ("unknown-sku", "http-503", ...). */
  code: string;
  /** Milliseconds the remote asked us to wait (Retry-After, or Specter's "retry after N s"). */
  retryAfterMs?: number;
  /** Extra facts for the dead letter and the timeline (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class SyncError extends Error {
  readonly kind: FailureKind;
  readonly code: string;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;

  constructor(kind: FailureKind, message: string, options: SyncErrorOptions) {
    super(message, { cause: options.cause });
    this.name = kind === 'transient' ? 'TransientError' : 'PermanentError';
    this.kind = kind;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/** Network trouble, 5xx, 429, timeouts: worth trying again later. */
export class TransientError extends SyncError {
  constructor(message: string, options: SyncErrorOptions) {
    super('transient', message, options);
  }
}

/** Validation, unknown SKU, unmapped payment method: retrying will not help until someone acts. */
export class PermanentError extends SyncError {
  constructor(message: string, options: SyncErrorOptions) {
    super('permanent', message, options);
  }
}

/**
 * The `code` a thrown value carries when it is text: Node's system errors (ECONNRESET), the errors
 * of Node's fetch, which is undici inside (UND_ERR_SOCKET), and PostgreSQL's SQLSTATE (23505) all
 * put theirs there.
 */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Classifies anything thrown. Errors that are not SyncErrors are judged by their shape: Node's
 * network error codes and aborts are transient; everything else (a bug, a TypeError in a mapper)
 * is permanent so it lands in front of a person instead of looping.
 */
export function classifyError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const name = error instanceof Error ? error.name : '';
  const networkCodes = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ]);
  const causeCode = errorCode((error as { cause?: unknown } | null)?.cause);
  if (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    (code !== undefined && networkCodes.has(code)) ||
    (causeCode !== undefined && networkCodes.has(causeCode)) ||
    message === 'fetch failed'
  ) {
    return new TransientError(`Network error: ${message}`, { code: 'network', cause: error });
  }
  return new PermanentError(message, { code: 'internal', cause: error });
}
