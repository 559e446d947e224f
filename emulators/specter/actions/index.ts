import { accountActions } from './account-actions.ts';
import { articleActions } from './article-actions.ts';
import type { ActionDef } from './context.ts';
import { customerActions } from './customer-actions.ts';
import { feedActions } from './feed-actions.ts';
import { orderActions } from './order-actions.ts';

/** Every action the emulator serves, keyed by lower-case name (names are case-insensitive). */
export const ACTIONS: ReadonlyMap<string, ActionDef> = new Map(
  [...feedActions, ...customerActions, ...orderActions, ...articleActions, ...accountActions].map((a) => [
    a.name.toLowerCase(),
    a,
  ]),
);
