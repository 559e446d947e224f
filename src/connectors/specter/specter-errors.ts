// Turns a Specter error code into the SyncError the engine acts on, with a message a merchant can
// act on. Codes other than 99 are the [P] table (assumptions.ts); an unknown code is permanent.

import { PermanentError, type SyncError, TransientError } from '../../domain/errors.ts';
import { ERROR_CODES, RETRY_AFTER_PATTERN } from './assumptions.ts';

export interface ErrorContext {
  action: string;
  sbmId: number;
  apiUserId?: number;
  apiVersion: 'v1' | 'v2';
  /** Names of the fields sent, so a validation message can be tied to one of them. */
  sentFields?: string[];
}

/** Seconds from "retry after 12 s" (decimal comma or point), as milliseconds. */
export function retryAfterMsFromMessage(message: string): number | undefined {
  const match = RETRY_AFTER_PATTERN.exec(message);
  if (!match?.[1]) return undefined;
  return Math.round(Number(match[1].replace(',', '.')) * 1000);
}

/** The batch number between single quotes in a code-99 message [K: P1]. */
export function openBatchNoFromMessage(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

/** The field a code-40 message is about: a sent field named in it, else a quoted word. */
export function fieldNamedInMessage(message: string, sentFields: string[] = []): string | undefined {
  const lower = message.toLowerCase();
  const byLength = [...sentFields].sort((a, b) => b.length - a.length);
  const sent = byLength.find((name) =>
    new RegExp(`(^|[^a-z0-9_])${name.toLowerCase()}($|[^a-z0-9_])`).test(lower),
  );
  if (sent) return sent;
  return /['"]([A-Za-z][\w]*)['"]/.exec(message)?.[1];
}

function credentialNames(version: 'v1' | 'v2'): string {
  return version === 'v2' ? 'ApiUserKey and IntegrationKey' : 'MD5 Key 1 and MD5 Key 2';
}

export function specterError(code: number, message: string, context: ErrorContext): SyncError {
  const options = {
    code: `specter-${code}`,
    details: { action: context.action, specterCode: code, specterMessage: message } as Record<
      string,
      unknown
    >,
  };
  const said = message ? ` Specter said: "${message}"` : '';
  switch (code) {
    case ERROR_CODES.rateLimited: {
      const retryAfterMs = retryAfterMsFromMessage(message);
      return new TransientError(`Specter is rate limiting ${context.action}; trying again later.${said}`, {
        ...options,
        retryAfterMs,
      });
    }
    case ERROR_CODES.badKey:
      return new PermanentError(
        `Specter rejected the request key for SBM ID ${context.sbmId}: the ${credentialNames(context.apiVersion)} ` +
          `(API ${context.apiVersion}) in the connection's Specter credentials are wrong. Copy them again from ` +
          `Specter's API settings into the connection settings.${said}`,
        options,
      );
    case ERROR_CODES.unknownAccount:
      return new PermanentError(
        `Specter does not know SBM ID ${context.sbmId}${context.apiUserId !== undefined ? ` or API user ${context.apiUserId}` : ''}: ` +
          `the SBM ID / API user id in the connection's Specter credentials are wrong. Check them in Specter's API ` +
          `settings and correct the connection settings.${said}`,
        options,
      );
    case ERROR_CODES.noWriteRight:
      return new PermanentError(
        `The Specter API user${context.apiUserId !== undefined ? ` ${context.apiUserId}` : ''} may not write (${context.action}). ` +
          `Give it write rights in Specter, or configure an API user that has them.${said}`,
        options,
      );
    case ERROR_CODES.invalidParam:
      return new PermanentError(
        `Specter rejected ${context.action}: a parameter is missing or invalid.${said}`,
        options,
      );
    case ERROR_CODES.unknownAction:
      return new PermanentError(
        `Specter does not offer ${context.action} for this account (unknown action).${said}`,
        options,
      );
    case ERROR_CODES.notFound:
      return new PermanentError(`Specter could not find what ${context.action} refers to.${said}`, options);
    case ERROR_CODES.duplicateExternalOrderNo:
      return new PermanentError(
        `Specter already has an order with this external order number.${said}`,
        options,
      );
    case ERROR_CODES.validation: {
      const fieldName = fieldNamedInMessage(message, context.sentFields);
      options.details.field = fieldName;
      return new PermanentError(
        `Specter rejected the value of ${fieldName ? `field "${fieldName}"` : 'a field'} in ${context.action}.${said}`,
        options,
      );
    }
    case ERROR_CODES.batchOpen:
      return new TransientError(
        `A Specter change batch is still open for ${context.action}.${said}`,
        options,
      );
    default:
      return new PermanentError(`Specter refused ${context.action} with code ${code}.${said}`, options);
  }
}
