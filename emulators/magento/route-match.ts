import type { HttpMethod, RouteDef } from './route-types.ts';

/** A route's path split into segments, once per route: every request is matched against all routes. */
const segmentsOf = new WeakMap<RouteDef, string[]>();

function patternOf(route: RouteDef): string[] {
  let pattern = segmentsOf.get(route);
  if (!pattern) {
    pattern = route.path.split('/').filter((s) => s !== '');
    segmentsOf.set(route, pattern);
  }
  return pattern;
}

/** Finds the route for a method and a path below /rest[/store] (e.g. "/V1/products/ART-1"). */
export function matchRoute(
  routes: RouteDef[],
  method: string,
  path: string,
): { route: RouteDef; params: Record<string, string> } | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  let best: { route: RouteDef; params: Record<string, string>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== (method as HttpMethod)) continue;
    const pattern = patternOf(route);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const p = pattern[i] as string;
      const s = segments[i] as string;
      if (p.startsWith('{') && p.endsWith('}')) {
        try {
          params[p.slice(1, -1)] = decodeURIComponent(s);
        } catch {
          ok = false;
        }
      } else if (p === s) literals++;
      else ok = false;
    }
    // The most literal pattern wins, as /V1/products/attributes/... must beat /V1/products/{sku}/...
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best ? { route: best.route, params: best.params } : undefined;
}
