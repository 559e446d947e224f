// One Specter call over HTTP: builds query/body in the wire encoding, signs it, sends it with a
// timeout, reads the answer, turns failures into SyncErrors, and retries transient ones a few
// times within the call. Knows HTTP and Specter's answer format, nothing about flows.

import { type BackoffPolicy, backoffDelayMs } from '../../domain/backoff.ts';
import { classifyError, PermanentError, type SyncError, TransientError } from '../../domain/errors.ts';
import { type ExchangeAnswer, httpExchange, redirectTarget } from '../http-exchange.ts';
import { parseSpecterAnswer, parseSpecterAnswerYielding, type SpecterAnswer } from './answer.ts';
import { ERROR_CODES, SCRIPTS } from './assumptions.ts';
import { computeRequestKey, type WireEncoding } from './key.ts';
import { type ErrorContext, specterError } from './specter-errors.ts';
import {
  decodeResponseBody,
  encodeForm,
  type FormFields,
  FormList,
  type FormParams,
  formFieldNames,
} from './wire-format.ts';
import type { Detach } from './xml.ts';

export interface SpecterCredentials {
  baseUrl: string;
  sbmId: number;
  apiVersion: 'v1' | 'v2';
  apiUserId?: number;
  /** v2 ApiUserKey, v1 MD5 Key 1. */
  innerKey: string;
  /** v2 IntegrationKey, v1 MD5 Key 2. */
  outerKey: string;
}

/** What one HTTP attempt sent and got, for the engine's attempt log. The key is redacted. */
export interface SpecterRequestLogEntry {
  action: string;
  method: 'GET' | 'POST';
  /** Full URL with `key` replaced by "[redacted]". */
  url: string;
  /** POST body params (decoded), or undefined for GET. */
  body?: FormFields;
  /** 1 for the first try. */
  attempt: number;
  status?: number;
  durationMs: number;
  outcome: 'ok' | 'error';
  errorCode?: string;
  /** First 2,000 characters of the decoded answer. */
  response?: string;
}

export interface TransportOptions extends SpecterCredentials {
  encoding: WireEncoding;
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffPolicy;
  /** Longest wait the client does inside one call; longer retry-after requests go back to the engine. */
  maxInCallWaitMs: number;
  onRequest?: (entry: SpecterRequestLogEntry) => void;
  /** Awaited before every HTTP attempt (the engine's per-connection rate limit). */
  beforeRequest?: () => Promise<void>;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface CallSpec {
  action: string;
  script: 'read' | 'write';
  /** The salt X of the request key. */
  salt: string;
  /** `useXML` value, or undefined to leave it out. */
  useXml?: string;
  /** Extra routing params in the query string (after action/sbmId/apiUserId/useXML). */
  query?: FormParams;
  /** Record fields, sent as a form body (writes) or in the query (reads). */
  fields?: FormFields;
  /** Error codes the caller handles itself: returned as an answer instead of thrown. */
  acceptCodes?: number[];
  /**
   * Whether repeating the call after an unclear failure is harmless. Non-idempotent calls are only
   * repeated after code 98 (rate limited: Specter did nothing).
   */
  idempotent: boolean;
  /**
   * For large list answers: elements of the XML answer to hand over as they are parsed instead of
   * keeping them (xml.ts Detach); the answer is then parsed a slice at a time, yielding between.
   */
  detach?: Detach;
}

export interface CallResult {
  answer: SpecterAnswer;
  attempts: number;
}

const REDACTED = '[redacted]';

export class SpecterTransport {
  constructor(private readonly options: TransportOptions) {}

  errorContext(action: string, sentFields?: string[]): ErrorContext {
    return {
      action,
      sbmId: this.options.sbmId,
      apiUserId: this.options.apiUserId,
      apiVersion: this.options.apiVersion,
      sentFields,
    };
  }

  async call(spec: CallSpec): Promise<CallResult> {
    const { maxRetries, backoff, random, sleep, maxInCallWaitMs } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        return { answer: await this.attempt(spec, attempt), attempts: attempt };
      } catch (error) {
        const failure = classifyError(error);
        const retryable =
          failure.kind === 'transient' &&
          (spec.idempotent || failure.code === `specter-${ERROR_CODES.rateLimited}`);
        if (!retryable || attempt > maxRetries) throw failure;
        const delay = backoffDelayMs(attempt, backoff, random, failure.retryAfterMs);
        if (delay > maxInCallWaitMs) throw failure;
        await sleep(delay);
      }
    }
  }

  private buildRequest(spec: CallSpec): {
    url: string;
    logUrl: string;
    method: 'GET' | 'POST';
    body?: string;
  } {
    const { sbmId, apiUserId, innerKey, outerKey, encoding, baseUrl } = this.options;
    const routing: FormParams = {
      // P1 spells it `Action` on getInfo and `action` on putInfo; ASP reads both.
      [spec.script === 'read' ? 'Action' : 'action']: spec.action,
      sbmId: String(sbmId),
    };
    if (apiUserId !== undefined) routing.apiUserId = String(apiUserId);
    if (spec.useXml !== undefined) routing.useXML = spec.useXml;
    Object.assign(routing, spec.query);
    const key = computeRequestKey({ innerKey, outerKey, sbmId, salt: spec.salt, encoding });
    const method = spec.script === 'read' ? 'GET' : 'POST';
    // A POST's fields go in the body as they are; only a GET spreads them into the query, and only
    // then is a FormList turned into an object (an article batch's list has thousands of fields).
    const queryParams =
      method === 'GET'
        ? { ...routing, ...(spec.fields instanceof FormList ? spec.fields.toJSON() : spec.fields) }
        : routing;
    const root = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    const script = SCRIPTS[spec.script];
    const url = `${root}${script}?${encodeForm({ ...queryParams, key }, encoding)}`;
    const logUrl = `${root}${script}?${encodeForm({ ...queryParams, key: REDACTED }, encoding)}`;
    const body = method === 'POST' ? encodeForm(spec.fields ?? {}, encoding) : undefined;
    return { url, logUrl, method, body };
  }

  private async attempt(spec: CallSpec, attempt: number): Promise<SpecterAnswer> {
    const request = this.buildRequest(spec);
    const started = Date.now();
    let status: number | undefined;
    let text: string | undefined;
    try {
      const response = await this.send(spec.action, request);
      status = response.status;
      if (status >= 300 && status < 400) {
        // Not followed: a form POST sent on would arrive as a GET without its fields. Its body is
        // not decoded nor logged: a redirect page may repeat the address, request key included.
        const location = redirectTarget(response, request.url);
        throw new PermanentError(
          `Specter answered ${spec.action} with a redirect (HTTP ${status})${location ? ` to ${location}` : ''}. Koppla does not follow redirects: set the connection's Specter url to the address its API answers on`,
          { code: 'specter-redirect', details: { action: spec.action, status, location } },
        );
      }
      text = decodeResponseBody(response.body, response.header('content-type'), this.options.encoding);
      if (status >= 500 || status === 429) {
        throw new TransientError(`Specter answered ${spec.action} with HTTP ${status}`, {
          code: `http-${status}`,
          retryAfterMs: retryAfterHeaderMs(response.header('retry-after')),
          details: { action: spec.action, status },
        });
      }
      const answer = spec.detach
        ? await parseSpecterAnswerYielding(spec.action, text, status, spec.detach)
        : parseSpecterAnswer(spec.action, text, status);
      if (!answer.ok && answer.code !== undefined && !spec.acceptCodes?.includes(answer.code)) {
        throw specterError(
          answer.code,
          answer.message,
          this.errorContext(spec.action, formFieldNames(spec.fields ?? {})),
        );
      }
      this.log(spec, request, attempt, started, { status, text, outcome: 'ok' });
      return answer;
    } catch (error) {
      const failure: SyncError = classifyError(error);
      this.log(spec, request, attempt, started, { status, text, outcome: 'error', errorCode: failure.code });
      throw failure;
    }
  }

  private async send(
    action: string,
    request: { url: string; method: 'GET' | 'POST'; body?: string },
  ): Promise<ExchangeAnswer> {
    const contentType =
      this.options.encoding === 'latin1'
        ? 'application/x-www-form-urlencoded; charset=ISO-8859-1'
        : 'application/x-www-form-urlencoded; charset=UTF-8';
    try {
      await this.options.beforeRequest?.();
      return await httpExchange(request.url, {
        method: request.method,
        headers: request.method === 'POST' ? { 'content-type': contentType } : undefined,
        body: request.body,
        timeoutMs: this.options.timeoutMs,
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new TransientError(`Specter did not answer ${action} within ${this.options.timeoutMs} ms`, {
          code: 'timeout',
          cause: error,
          details: { action },
        });
      }
      const failure = classifyError(error);
      throw new TransientError(`Could not reach Specter for ${action}: ${failure.message}`, {
        code: 'network',
        cause: error,
        details: { action },
      });
    }
  }

  private log(
    spec: CallSpec,
    request: { logUrl: string; method: 'GET' | 'POST' },
    attempt: number,
    started: number,
    result: { status?: number; text?: string; outcome: 'ok' | 'error'; errorCode?: string },
  ): void {
    if (!this.options.onRequest) return;
    this.options.onRequest({
      action: spec.action,
      method: request.method,
      url: request.logUrl,
      // The fields as sent, not a copy: an initial sync's calls carry 200 articles of fields each.
      body: request.method === 'POST' ? spec.fields : undefined,
      attempt,
      status: result.status,
      durationMs: Date.now() - started,
      outcome: result.outcome,
      errorCode: result.errorCode,
      response: result.text?.slice(0, 2000),
    });
  }
}

function retryAfterHeaderMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}
