import { createAccount, type SpecterAccountSeed } from './account.ts';
import type { AnswerSettings } from './actions/context.ts';
import { ACTIONS } from './actions/index.ts';
import { CODES, KEY_SALT } from './assumptions.ts';
import { resolveApiUser, verifyKey } from './auth.ts';
import { CallbackDispatcher } from './callbacks.ts';
import { type FaultSettings, Faults } from './faults.ts';
import { OfficeError } from './order-ops.ts';
import type { Params } from './params.ts';
import { errorReply, type Reply } from './reply.ts';
import { RequestLog } from './request-log.ts';
import { type Catalogue, type CatalogueSizes, seedCatalogue } from './seed.ts';
import type { Account } from './types.ts';
import { FieldError } from './validation.ts';

export interface EmulatorConfig {
  seed: number;
  sizes: CatalogueSizes;
  settings: AnswerSettings;
  faults: FaultSettings;
  callbackRetryDelaysMs: number[];
}

/** All state of one emulator instance; nothing is shared between instances. */
export class SpecterState {
  readonly accounts = new Map<number, Account>();
  readonly settings: AnswerSettings;
  readonly faults: Faults;
  readonly log = new RequestLog();
  readonly callbacks: CallbackDispatcher;
  private readonly catalogue: Catalogue;

  constructor(readonly config: EmulatorConfig) {
    this.settings = { ...config.settings };
    this.faults = new Faults(config.seed, config.faults);
    this.callbacks = new CallbackDispatcher(config.callbackRetryDelaysMs);
    this.catalogue = seedCatalogue(config.seed, config.sizes);
  }

  now(): string {
    return new Date().toISOString();
  }

  addAccount(seed: SpecterAccountSeed): Account {
    if (this.accounts.has(seed.sbmId)) throw new OfficeError(`account ${seed.sbmId} exists`, 'conflict');
    const account = createAccount(
      seed,
      seed.seedCatalogue === false ? undefined : this.catalogue,
      this.now(),
    );
    this.accounts.set(account.sbmId, account);
    return account;
  }

  /** One API call, after transport and faults: routing, auth, then the action. */
  dispatch(script: 'getInfo' | 'putInfo', params: Params): { action: string; reply: Reply } {
    const rawAction = params.get('action');
    if (rawAction === undefined)
      return { action: '(none)', reply: errorReply(CODES.missingParam, 'action is required') };
    const def = ACTIONS.get(rawAction.toLowerCase());
    if (!def || def.script !== script) {
      return {
        action: rawAction,
        reply: errorReply(CODES.unknownAction, `Unknown action '${rawAction}' on ${script}.asp`),
      };
    }
    const action = def.name;
    const sbmIdRaw = params.get('sbmId');
    if (sbmIdRaw === undefined || !/^\d+$/.test(sbmIdRaw.trim())) {
      return { action, reply: errorReply(CODES.missingParam, 'sbmId is required and must be an integer') };
    }
    const account = this.accounts.get(Number(sbmIdRaw.trim()));
    if (!account) return { action, reply: errorReply(CODES.unknownAccount, `Unknown sbmId ${sbmIdRaw}`) };
    const user = resolveApiUser(account, params.get('apiUserId'));
    if (!user.ok) return { action, reply: errorReply(user.code, user.message) };
    const key = params.get('key');
    if (key === undefined) return { action, reply: errorReply(CODES.missingParam, 'key is required') };
    const saltRule = KEY_SALT[def.name.toLowerCase()]!;
    const salt = saltRule.salt(params);
    if (salt === undefined) {
      return {
        action,
        reply: errorReply(CODES.missingParam, `${saltRule.from} is required (it is part of the key)`),
      };
    }
    if (!verifyKey(account, user.apiUser, salt, key))
      return { action, reply: errorReply(CODES.badKey, 'Invalid key') };
    if (def.write && user.apiUser && !user.apiUser.canWrite) {
      return {
        action,
        reply: errorReply(CODES.noWriteRight, `apiUserId ${user.apiUser.apiUserId} may not write`),
      };
    }
    try {
      const reply = def.handler({
        account,
        params,
        apiUser: user.apiUser,
        bell: this.callbacks,
        settings: this.settings,
        now: () => this.now(),
        setCallbackUrl: (shop, url) => {
          shop.callbackUrl = url;
        },
      });
      return { action, reply };
    } catch (e) {
      if (e instanceof FieldError) return { action, reply: errorReply(CODES.validation, e.message) };
      if (e instanceof OfficeError) {
        return {
          action,
          reply: errorReply(e.kind === 'notFound' ? CODES.notFound : CODES.validation, e.message),
        };
      }
      throw e;
    }
  }

  close(): void {
    this.callbacks.close();
  }
}
