// HTTP to one Magento installation: URL scoping by store code, admin-token auth with one refresh on
// 401, quick in-call retries of transient failures, error mapping, and a per-attempt log with
// secrets removed. Knows HTTP, not Magento's resources: the client above it names the routes.

import { type BackoffPolicy, backoffDelayMs } from '../../domain/backoff.ts';
import { PermanentError, type SyncError } from '../../domain/errors.ts';
import { answerText, type ExchangeAnswer, httpExchange, redirectTarget } from '../http-exchange.ts';
import { errorFromAnswer, errorFromNetwork } from './http-errors.ts';

export type MagentoAuth =
  | { kind: 'admin'; username: string; password: string }
  | { kind: 'token'; token: string };

export interface MagentoRequestLogEntry {
  method: string;
  /** Full URL of the attempt. Magento takes credentials in headers only, so this holds no secret. */
  url: string;
  /** HTTP status, or 0 when no answer came (network error, timeout). */
  status: number;
  durationMs: number;
  /** 1 for the first try of a call, 2 for its first retry ... */
  attempt: number;
  requestBody?: unknown;
  /** Parsed JSON, or the raw text when it was not JSON. */
  responseBody?: unknown;
  /** The error message when the attempt failed. */
  error?: string;
}

export interface MagentoTransportOptions {
  baseUrl: string;
  auth: MagentoAuth;
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Quick retries inside one call for transient failures. Default 2. */
  maxRetries?: number;
  /** Delays between quick retries. Default 0.5 s doubling to 5 s. */
  backoff?: BackoffPolicy;
  /** A Retry-After longer than this is not waited out in the call: the error goes to the engine. Default 30 s. */
  maxRetryWaitMs?: number;
  onRequest?: (entry: MagentoRequestLogEntry) => void;
  /** Awaited before every HTTP attempt (the engine's per-connection rate limit). */
  beforeRequest?: () => Promise<void>;
}

export interface MagentoRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route below the scope, starting with /V1/ (e.g. `/V1/products/abc`). */
  path: string;
  /** Already-encoded query string without '?'. */
  query?: string;
  body?: unknown;
  /** Store view code for /rest/{code}/V1; `all` for global writes; none for the default store. */
  storeCode?: string;
  /** Prefix between the scope and the route, e.g. `async/bulk` for Magento's bulk API. */
  apiPrefix?: string;
  /**
   * A POST that changes nothing (the price *-information lookups) may be retried after a timeout or
   * 5xx like a GET. Other POSTs are only retried when the server certainly did not act (429/503).
   */
  idempotent?: boolean;
}

const ADMIN_TOKEN_PATH = '/V1/integration/admin/token';
const REDACTED = '[redacted]';

const defaultInCallBackoff: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 5_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MagentoTransport {
  private readonly baseUrl: string;
  private readonly auth: MagentoAuth;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxRetryWaitMs: number;
  private readonly onRequest?: (entry: MagentoRequestLogEntry) => void;
  private readonly beforeRequest?: () => Promise<void>;
  /** Shared by concurrent calls so one expiry causes one login, not one per call. */
  private adminToken?: Promise<string>;

  constructor(options: MagentoTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.auth = options.auth;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.backoff = options.backoff ?? defaultInCallBackoff;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.onRequest = options.onRequest;
    this.beforeRequest = options.beforeRequest;
  }

  urlFor(request: Pick<MagentoRequest, 'path' | 'query' | 'storeCode' | 'apiPrefix'>): string {
    if (!request.path.startsWith('/V1/'))
      throw new Error(`Magento route must start with /V1/: ${request.path}`);
    const scope = request.storeCode ? `/${encodeURIComponent(request.storeCode)}` : '';
    const prefix = request.apiPrefix ? `/${request.apiPrefix}` : '';
    const query = request.query ? `?${request.query}` : '';
    return `${this.baseUrl}/rest${scope}${prefix}${request.path}${query}`;
  }

  /** Sends a request with auth and retries; resolves with the parsed JSON body (null when empty). */
  async request<T>(request: MagentoRequest): Promise<T> {
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      const tokenPromise = this.bearerToken();
      const outcome = await this.attempt(request, attempt, await tokenPromise);
      if (outcome.ok) return outcome.value as T;
      const error = outcome.error;
      if (outcome.status === 401 && this.auth.kind === 'admin' && !refreshedToken) {
        // Admin tokens expire (4 h by default): log in again once, and do not count it as a retry.
        refreshedToken = true;
        // Only drop the token this call used: a concurrent call may already have logged in anew.
        if (this.adminToken === tokenPromise) this.adminToken = undefined;
        attempt--;
        continue;
      }
      await this.waitBeforeRetry(request, attempt, outcome.status, error);
    }
  }

  /** Throws `error` unless another quick try is allowed; otherwise waits the backoff. */
  private async waitBeforeRetry(request: MagentoRequest, attempt: number, status: number, error: SyncError) {
    if (error.kind !== 'transient' || attempt > this.maxRetries) throw error;
    const safeToRepeat = request.method !== 'POST' || request.idempotent === true;
    // 429 and 503 mean "not processed"; so does a refused connection. Anything else on a POST (a
    // timeout, a 500) may have created the shipment already: leave that to the engine's idempotency.
    const notProcessed = status === 429 || status === 503 || connectionRefused(error);
    if (!safeToRepeat && !notProcessed) throw error;
    if (error.retryAfterMs !== undefined && error.retryAfterMs > this.maxRetryWaitMs) throw error;
    await sleep(backoffDelayMs(attempt, this.backoff, Math.random, error.retryAfterMs));
  }

  private bearerToken(): Promise<string> {
    if (this.auth.kind === 'token') return Promise.resolve(this.auth.token);
    if (!this.adminToken) {
      const pending = this.fetchAdminToken(this.auth.username, this.auth.password);
      this.adminToken = pending;
      pending.catch(() => {
        if (this.adminToken === pending) this.adminToken = undefined;
      });
    }
    return this.adminToken;
  }

  private async fetchAdminToken(username: string, password: string): Promise<string> {
    const request: MagentoRequest = { method: 'POST', path: ADMIN_TOKEN_PATH, body: { username, password } };
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, attempt, undefined);
      if (outcome.ok) {
        if (typeof outcome.value !== 'string' || outcome.value === '') {
          throw new PermanentError('Magento admin login answered without a token', { code: 'magento-auth' });
        }
        return outcome.value;
      }
      if (outcome.status === 401) {
        throw new PermanentError(
          `Magento admin login for user "${username}" was rejected: ${outcome.error.message}`,
          { code: 'magento-auth', details: { status: 401 }, cause: outcome.error },
        );
      }
      await this.waitBeforeRetry({ ...request, idempotent: true }, attempt, outcome.status, outcome.error);
    }
  }

  private async attempt(
    request: MagentoRequest,
    attempt: number,
    token: string | undefined,
  ): Promise<{ ok: true; value: unknown } | { ok: false; status: number; error: SyncError }> {
    const url = this.urlFor(request);
    const relative = url.slice(this.baseUrl.length);
    const isLogin = request.path === ADMIN_TOKEN_PATH;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    const log = (
      entry: Omit<MagentoRequestLogEntry, 'method' | 'url' | 'durationMs' | 'attempt' | 'requestBody'>,
    ) =>
      this.log({
        method: request.method,
        url,
        attempt,
        durationMs: Math.round(performance.now() - started),
        requestBody: isLogin ? redactLogin(request.body) : request.body,
        ...entry,
      });

    let status = 0;
    let bodyText: string;
    let response: ExchangeAnswer;
    try {
      await this.beforeRequest?.();
      response = await httpExchange(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: this.timeoutMs,
      });
      status = response.status;
      bodyText = answerText(response);
    } catch (thrown) {
      const error = errorFromNetwork(request.method, relative, thrown, this.timeoutMs);
      log({ status, error: error.message });
      return { ok: false, status, error };
    }

    const parsed = parseJson(bodyText);
    const ok = status >= 200 && status < 300;
    const responseBody = isLogin && ok ? REDACTED : parsed.ok ? parsed.value : bodyText;
    if (ok && parsed.ok) {
      log({ status, responseBody });
      return { ok: true, value: parsed.value };
    }
    const error = errorFromAnswer(
      {
        method: request.method,
        path: relative,
        status,
        contentType: response.header('content-type') ?? '',
        bodyText,
        retryAfterHeader: response.header('retry-after'),
        location: redirectTarget(response, url),
      },
      parsed,
    );
    log({ status, responseBody, error: error.message });
    return { ok: false, status, error };
  }

  private log(entry: MagentoRequestLogEntry): void {
    if (!this.onRequest) return;
    try {
      this.onRequest(entry);
    } catch {
      // A failing logger must not turn a successful call into a failed one.
    }
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function redactLogin(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  return { ...(body as Record<string, unknown>), password: REDACTED };
}

function connectionRefused(error: SyncError): boolean {
  const cause = error.cause as { cause?: { code?: unknown } } | undefined;
  return cause?.cause?.code === 'ECONNREFUSED';
}
