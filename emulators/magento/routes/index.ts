import type { RouteDef } from '../route-types.ts';
import { bulkStatusRoutes } from './bulk-status.ts';
import { catalogRoutes } from './catalog.ts';
import { inventoryRoutes } from './inventory.ts';
import { customerGroupPriceRoutes, priceRoutes } from './prices.ts';
import { salesRoutes } from './sales.ts';
import { storeRoutes } from './stores.ts';

/** Every /V1 route an emulator instance serves (the token route is handled before auth). */
export function buildRouteTable(options: { customerGroupPrices: boolean }): RouteDef[] {
  return [
    ...storeRoutes,
    ...catalogRoutes,
    ...inventoryRoutes,
    ...priceRoutes,
    ...(options.customerGroupPrices ? customerGroupPriceRoutes : []),
    ...salesRoutes,
    ...bulkStatusRoutes,
  ];
}

export const TOKEN_ROUTE = { method: 'POST', path: '/V1/integration/admin/token' } as const;

/**
 * The (method, path) pairs served, written as in Magento's swagger. Async bulk exists for every POST
 * and PUT route, with path parameters spelled "by<Param>" as Magento's async webapi does.
 */
export function servedOperations(options: {
  customerGroupPrices: boolean;
}): { method: string; path: string }[] {
  const routes = buildRouteTable(options);
  return [
    { method: TOKEN_ROUTE.method, path: TOKEN_ROUTE.path },
    ...routes.map((r) => ({ method: r.method, path: r.path })),
    ...routes
      .filter((r) => r.method === 'POST' || r.method === 'PUT')
      .map((r) => ({ method: r.method, path: bulkPath(r.path) })),
  ];
}

export function bulkPath(path: string): string {
  return `/async/bulk${path.replace(/\{(\w)(\w*)\}/g, (_m, first: string, rest: string) => `by${first.toUpperCase()}${rest}`)}`;
}
