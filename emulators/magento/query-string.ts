/**
 * Parses a PHP-style query string (`a[b][0][c]=x`) into nested objects, the way PHP fills $_GET,
 * which is what Magento's webapi reads searchCriteria from. Numeric keys stay object keys; callers
 * turn them into lists.
 */
export type QueryTree = { [key: string]: QueryTree | string };

export function parseQueryString(rawQuery: string): QueryTree {
  const root: QueryTree = {};
  for (const [rawKey, value] of new URLSearchParams(rawQuery)) {
    const match = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    const path = match
      ? [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string)]
      : [rawKey];
    let node = root;
    path.forEach((segment, index) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const child = node[key];
      if (typeof child !== 'object') node[key] = {};
      node = node[key] as QueryTree;
    });
  }
  return root;
}

/** Values of an object whose keys are list indexes, in index order. */
export function listOf(node: QueryTree | string | undefined): (QueryTree | string)[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key] as QueryTree | string);
}
