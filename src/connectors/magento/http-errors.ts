// Turns Magento's HTTP answers into the SyncErrors the engine understands. Magento's REST errors are
// `{ message: 'The "%1" attribute value is empty.', parameters: ['sku'] }` (or named `%fieldName`
// placeholders with an object of parameters), sometimes with `errors: [...]` for several problems.

import { errorCode, PermanentError, type SyncError, TransientError } from '../../domain/errors.ts';

/** Fills %1, %2 ... (list parameters) or %name (object parameters) into a Magento message. */
export function fillMagentoMessage(message: string, parameters?: unknown): string {
  if (Array.isArray(parameters)) {
    // Whole numbers are matched, so %1 never eats the start of %10.
    const numbered = message.replace(/%(\d+)/g, (whole, n: string) => {
      const value = parameters[Number(n) - 1];
      return value === undefined ? whole : String(value);
    });
    // Price-update results keep named placeholders (%fieldName = %fieldValue) but send their
    // values as a plain list: fill the names in order.
    let next = 0;
    return numbered.replace(/%([A-Za-z_][A-Za-z0-9_]*)/g, (whole) => {
      const value = parameters[next++];
      return value === undefined ? whole : String(value);
    });
  }
  if (parameters !== null && typeof parameters === 'object') {
    const named = parameters as Record<string, unknown>;
    return message.replace(/%([A-Za-z_][A-Za-z0-9_]*|\d+)/g, (whole, name: string) => {
      const value = named[name];
      return value === undefined || value === null ? whole : String(value);
    });
  }
  return message;
}

interface MagentoErrorBody {
  message?: unknown;
  parameters?: unknown;
  errors?: { message?: unknown; parameters?: unknown }[];
}

/** The human text of a Magento error body, with parameters filled and sub-errors appended. */
export function magentoErrorText(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const error = body as MagentoErrorBody;
  const main =
    typeof error.message === 'string' ? fillMagentoMessage(error.message, error.parameters) : undefined;
  const subs = Array.isArray(error.errors)
    ? error.errors
        .filter((e) => typeof e?.message === 'string')
        .map((e) => fillMagentoMessage(e.message as string, e.parameters))
        .filter((text) => text !== main)
    : [];
  if (main === undefined && subs.length === 0) return undefined;
  return [main, ...subs].filter(Boolean).join('; ');
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export interface HttpAnswer {
  method: string;
  /** Path and query relative to the base URL: never holds credentials. */
  path: string;
  status: number;
  contentType: string;
  bodyText: string;
  retryAfterHeader?: string | null;
  /** Where a redirect (3xx) points, without its query. */
  location?: string;
}

/** Short readable excerpt of a non-JSON body: an HTML page's <title>, else its first characters. */
function excerptOf(bodyText: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(bodyText)?.[1]?.trim();
  if (title) return title;
  const plain = bodyText
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 160 ? `${plain.slice(0, 160)}…` : plain;
}

/** Builds the error for a non-2xx answer, or for a 2xx answer whose body is not the JSON we need. */
export function errorFromAnswer(
  answer: HttpAnswer,
  parsedBody: { ok: true; value: unknown } | { ok: false },
): SyncError {
  const { method, path, status } = answer;
  const transient = isTransientStatus(status);
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(answer.retryAfterHeader ?? null) : undefined;
  const where = `Magento ${method} ${path}`;
  const options = { code: `magento-${status}`, retryAfterMs, details: { status, method, path } };

  // Redirects are not followed: a POST sent on to another address would arrive as a GET, and an
  // API that answers elsewhere means the base URL is wrong (often http:// for an https:// shop).
  if (status >= 300 && status < 400) {
    const to = answer.location ? ` to ${answer.location}` : '';
    return new PermanentError(
      `${where} was redirected (HTTP ${status})${to}. Koppla does not follow redirects: set the Magento installation's url to the address its REST API answers on`,
      { ...options, details: { ...options.details, location: answer.location } },
    );
  }

  if (!parsedBody.ok) {
    const excerpt = excerptOf(answer.bodyText);
    const kind = answer.contentType ? answer.contentType.split(';')[0] : 'no content type';
    const shown = excerpt ? `: "${excerpt}"` : '';
    const message = `${where} answered HTTP ${status} with a non-JSON body (${kind})${shown}`;
    const details = { ...options.details, nonJson: true, contentType: answer.contentType };
    return transient
      ? new TransientError(message, { ...options, details })
      : new PermanentError(message, { ...options, details });
  }

  const text = magentoErrorText(parsedBody.value) ?? 'no error message';
  const message = `${where} failed with HTTP ${status}: ${text}`;
  return transient ? new TransientError(message, options) : new PermanentError(message, options);
}

export function errorFromNetwork(
  method: string,
  path: string,
  error: unknown,
  timeoutMs: number,
): TransientError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TransientError(`Magento ${method} ${path} timed out after ${timeoutMs} ms`, {
      code: 'timeout',
      details: { method, path, timeoutMs },
      cause: error,
    });
  }
  const reason =
    errorCode((error as { cause?: unknown } | null)?.cause) ??
    (error instanceof Error ? error.message : String(error));
  return new TransientError(`Magento ${method} ${path} could not be reached: ${reason}`, {
    code: 'network',
    details: { method, path },
    cause: error,
  });
}
