import { requiredField } from './errors.ts';
import type { QueryTree } from './query-string.ts';
import type { EmulatorState, StoreView } from './state.ts';

/** The store a request runs in: `all` is the admin scope (store 0), a store view code its own scope. */
export interface StoreScope {
  code: string;
  storeId: number;
  view?: StoreView;
}

export interface RouteContext {
  state: EmulatorState;
  scope: StoreScope;
  params: Record<string, string>;
  query: QueryTree;
  body: Record<string, unknown>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One REST route, with its path written the way Magento's webapi.xml / swagger spell it. */
export interface RouteDef {
  method: HttpMethod;
  path: string;
  /** ACL resource named in the 401 answer. */
  resource: string;
  handler: (ctx: RouteContext) => unknown;
}

export const route = (
  method: HttpMethod,
  path: string,
  resource: string,
  handler: RouteDef['handler'],
): RouteDef => ({ method, path, resource, handler });

/** Reads a body field that Magento requires, answering its 400 when missing. */
export function bodyField<T = unknown>(body: Record<string, unknown>, name: string): T {
  const value = body[name];
  if (value === undefined || value === null) {
    throw requiredField(name);
  }
  return value as T;
}
