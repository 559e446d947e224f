import type { RouteDef } from './route-types.ts';
import { bulkPath } from './routes/index.ts';

/**
 * A route as async bulk serves it: the path below /async/bulk with "by<Param>" segments, the
 * route it stands for, and the path parameters each entry carries. Built once per server: building
 * it on every bulk request copied the whole route table, and the parameter names were parsed out
 * of the path again for every entry.
 */
export interface BulkRoute extends RouteDef {
  original: RouteDef;
  /** The request-log key, e.g. "POST /async/bulk/V1/configurable-products/bySku/child". */
  logKey: string;
  paramNames: string[];
}

/** Async bulk exists for every POST and PUT route. */
export function bulkRouteTable(routes: RouteDef[]): BulkRoute[] {
  return routes
    .filter((r) => r.method === 'POST' || r.method === 'PUT')
    .map((r) => ({
      ...r,
      path: bulkPath(r.path).slice('/async/bulk'.length),
      original: r,
      logKey: `${r.method} ${bulkPath(r.path)}`,
      paramNames: [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
    }));
}

/** "bySku"-style segments stand for path parameters whose values each entry carries. */
export function entryParams(route: BulkRoute, entry: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of route.paramNames) params[name] = String(entry[name] ?? '');
  return params;
}
