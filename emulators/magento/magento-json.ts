/**
 * The JSON text of a webapi answer. Magento's output processor leaves out data-object fields whose
 * value is null (array elements keep theirs).
 *
 * This used to deep-copy the answer without its nulls and then stringify the copy: every page of
 * products was built twice, and the copy was garbage at once. One JSON.stringify whose replacer
 * drops the null fields writes the same text for about two thirds of the CPU (a JavaScript writer
 * building the text itself is no faster: its many small strings cost as much again when the reply
 * measures and writes the text).
 */
export function magentoJson(value: unknown): string | undefined {
  // An answer of null or undefined is the text null (the replacer would leave it out altogether).
  if (value === null || value === undefined) return 'null';
  // Most answers are plain data without a null field: JSON.stringify alone writes their text, in
  // half the time it takes with the replacer (which calls back into JavaScript for every value).
  // A null field always shows as `":null` in the text (inside a string the quote is escaped, so
  // such a string shows it too and merely takes the general way).
  if (isPlainData(value)) {
    const text = JSON.stringify(value);
    if (!text.includes('":null')) return text;
  }
  try {
    return JSON.stringify(value, dropNullFields);
  } catch {
    // Not plain data (NOT_PLAIN), or no JSON at all (a cycle, a BigInt): the old way answers, or
    // fails, exactly as it did.
    return JSON.stringify(withoutNulls(value));
  }
}

/**
 * Thrown by the replacer at a value that is not plain data. Answers are object literals and parsed
 * bodies, for which the replacer writes what the copy did; for anything else (a toJSON, a boxed
 * primitive, a class instance, an own "__proto__" field) the copy is made as before, so its
 * quirks stay: it kept own toJSON functions but lost inherited ones (a Date became {}), and
 * assigning "__proto__" set its prototype rather than a field.
 */
const NOT_PLAIN = new Error('not plain data');

function dropNullFields(this: unknown, key: string, value: unknown): unknown {
  const holder = this as Record<string, unknown>;
  if (value === null) return Array.isArray(holder) ? null : undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
  }
  if (key === '__proto__') throw NOT_PLAIN;
  // JSON.stringify calls toJSON before the replacer sees the value: the field's own value tells.
  const own = holder[key];
  if (own !== value && !Object.is(own, value)) throw NOT_PLAIN; // (NaN is not itself)
  return value;
}

/**
 * Whether JSON.stringify writes this value as the replacer would: plain objects (no toJSON, no
 * own "__proto__" field) and lists, down to the leaves. Anything else takes the general way.
 */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainData(value[i])) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) {
    if (key === '__proto__' || key === 'toJSON') return false;
    if (!isPlainData((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The copy the answers were once made of: plain objects and lists without null fields. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = withoutNulls(v);
  return out;
}
