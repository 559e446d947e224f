import { defaultWebshop } from '../account.ts';
import { CODES } from '../assumptions.ts';
import type { Doorbell } from '../changes.ts';
import type { Params } from '../params.ts';
import { errorReply, type Reply } from '../reply.ts';
import type { Account, ApiUser, Webshop } from '../types.ts';

/** Instance-wide answer settings, switchable at run time through the control surface. */
export interface AnswerSettings {
  utf8: boolean;
  decimalComma: boolean;
  responseMaxLimit: number;
}

export interface ActionContext {
  account: Account;
  params: Params;
  apiUser?: ApiUser;
  bell: Doorbell;
  settings: AnswerSettings;
  now(): string;
  /** register a webshop's callback URL (registerCallbackUrl) */
  setCallbackUrl(webshop: Webshop, url: string | undefined): void;
}

export interface ActionDef {
  /** as documented (camelCase); matching is case-insensitive */
  name: string;
  script: 'getInfo' | 'putInfo';
  write: boolean;
  handler(ctx: ActionContext): Reply;
}

/** `webshopId` is optional: the first webshop of the account otherwise. Unknown id: code 10. */
export function resolveWebshop(ctx: ActionContext): Webshop | Reply {
  const raw = ctx.params.get('webshopId');
  if (raw === undefined) return defaultWebshop(ctx.account);
  const shop = /^\d+$/.test(raw.trim()) ? ctx.account.webshops.get(Number(raw.trim())) : undefined;
  return (
    shop ??
    errorReply(CODES.missingParam, `webshopId ${raw} is not a webshop of account ${ctx.account.sbmId}`)
  );
}

export const isReply = (x: unknown): x is Reply =>
  typeof x === 'object' && x !== null && 'text' in x && 'xml' in x && 'code' in x;
