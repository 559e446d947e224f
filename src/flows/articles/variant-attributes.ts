// Specter names variant types in words ("Färg", "Storlek"); Magento by attribute code ("color",
// "size"). Pure translation both ways, from the connection's mapping.
import type { Article } from '../../domain/types.ts';

export function toMagentoVariantValues(
  values: Record<string, string> | undefined,
  map: Record<string, string>,
): Record<string, string> | undefined {
  if (!values) return undefined;
  return Object.fromEntries(Object.entries(values).map(([type, value]) => [map[type] ?? type, value]));
}

export function toSpecterVariantValues(
  values: Record<string, string> | undefined,
  map: Record<string, string>,
): Record<string, string> | undefined {
  if (!values) return undefined;
  const reverse = new Map<string, string>();
  // The first name mapped to a code wins, so the Swedish names configured first are used.
  for (const [type, code] of Object.entries(map)) if (!reverse.has(code)) reverse.set(code, type);
  return Object.fromEntries(
    Object.entries(values).map(([code, value]) => [reverse.get(code) ?? code, value]),
  );
}

export function articleForMagento(article: Article, map: Record<string, string>): Article {
  const out: Article = { ...article };
  const values = toMagentoVariantValues(article.variantValues, map);
  if (values) out.variantValues = values;
  if (article.variantAttributes) out.variantAttributes = article.variantAttributes.map((t) => map[t] ?? t);
  return out;
}
