/**
 * The `fields` query parameter of Magento's REST API ("Retrieve filtered responses"): a comma
 * separated list of the fields to answer with, where `name[a,b]` keeps only `a` and `b` of the
 * object (or of each element of the list) under `name`, to any depth:
 * `fields=items[sku,name,extension_attributes[stock_item[qty]]],total_count`. A name without
 * brackets keeps its whole value. Fields that the answer does not have are left out.
 */

import { MagentoError } from './errors.ts';

/** Field name -> true (keep the whole value) or the mask for the fields inside it. */
export type FieldMask = Map<string, FieldMask | true>;

/** Parses the parameter's text; unbalanced brackets or an empty name are a 400 (the emulator's choice). */
export function parseFieldMask(text: string): FieldMask {
  let at = 0;
  const list = (): FieldMask => {
    const mask: FieldMask = new Map();
    for (;;) {
      const start = at;
      while (at < text.length && !',[]'.includes(text[at] as string)) at++;
      const name = text.slice(start, at).trim();
      if (name === '') throw new MagentoError(400, `fields: a field name is missing at position ${start}`);
      if (text[at] === '[') {
        at++;
        mask.set(name, list());
        if (text[at] !== ']') throw new MagentoError(400, `fields: "[" after ${name} is not closed`);
        at++;
      } else {
        mask.set(name, true);
      }
      if (text[at] !== ',') return mask;
      at++;
    }
  };
  const mask = list();
  if (at !== text.length) throw new MagentoError(400, `fields: unexpected "${text[at]}" at position ${at}`);
  return mask;
}

/** The answer with only the masked fields: lists are filtered element by element. */
export function applyFieldMask(value: unknown, mask: FieldMask): unknown {
  if (Array.isArray(value)) return value.map((element) => applyFieldMask(element, mask));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [name, inner] of mask) {
    if (!Object.hasOwn(source, name)) continue;
    kept[name] = inner === true ? source[name] : applyFieldMask(source[name], inner);
  }
  return kept;
}
