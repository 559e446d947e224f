// The connection config as the dashboard shows it (secrets as references, never values), and the
// validation of a config text with each problem tied to the line it is about.
import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { ConfigError, validateConfig } from '../../config/load.ts';
import { redactDeep } from './redact.ts';

export const INLINE_SECRET = '[inline secret hidden]';

function describeSecret(value: unknown): unknown {
  if (typeof value === 'string') return INLINE_SECRET;
  if (value && typeof value === 'object') {
    const ref = value as Record<string, unknown>;
    if (typeof ref.env === 'string') return { env: ref.env };
    if (typeof ref.secret === 'string') return { secret: ref.secret };
  }
  return INLINE_SECRET;
}

/** A copy of a stored connection config in which every secret is a reference or a placeholder. */
export function configForDisplay(config: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(config);
  const specter = copy.specter as Record<string, unknown> | undefined;
  if (specter) {
    for (const key of ['apiUserKey', 'integrationKey'])
      if (key in specter) specter[key] = describeSecret(specter[key]);
  }
  for (const shop of (copy.shops as Record<string, unknown>[] | undefined) ?? []) {
    const auth = (shop.magento as { auth?: Record<string, unknown> } | undefined)?.auth;
    if (!auth) continue;
    for (const key of ['password', 'token']) if (key in auth) auth[key] = describeSecret(auth[key]);
  }
  // Plugin settings are free-form: hide anything whose name says it is a secret.
  for (const plugin of (copy.plugins as Record<string, unknown>[] | undefined) ?? []) {
    if (plugin.settings) plugin.settings = redactDeep(plugin.settings);
  }
  return copy;
}

export function configYaml(connections: Record<string, unknown>[]): string {
  return stringify({ connections }, { lineWidth: 0 });
}

export interface ConfigProblem {
  path: string;
  message: string;
  /** 1-based line in the text the problem is about (the nearest existing parent for a missing key). */
  line: number | null;
}

/** `connections[0].shops[1].storeCode` -> ['connections', 0, 'shops', 1, 'storeCode'] */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: (string | number)[],
): number | null {
  for (let length = path.length; length >= 0; length--) {
    const part = path.slice(0, length);
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const key of part) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
        keyNode = pair?.key;
        node = pair?.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        keyNode = undefined;
      } else {
        node = undefined;
      }
      if (node === undefined && keyNode === undefined) break;
    }
    const target = (keyNode ?? node) as { range?: [number, number, number] } | undefined;
    if (target?.range) return counter.linePos(target.range[0]).line;
  }
  return null;
}

export function validateConfigText(text: string): { valid: boolean; problems: ConfigProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      valid: false,
      problems: doc.errors.map((e) => ({
        path: '(yaml)',
        message: e.message.split('\n')[0] ?? e.message,
        line: e.linePos?.[0]?.line ?? null,
      })),
    };
  }
  try {
    validateConfig(doc.toJS());
    return { valid: true, problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      valid: false,
      problems: error.problems.map((problem) => {
        const split = problem.indexOf(': ');
        const path = split > 0 ? problem.slice(0, split) : '(top level)';
        const message = split > 0 ? problem.slice(split + 2) : problem;
        return { path, message, line: path === '(top level)' ? null : lineOf(doc, counter, parsePath(path)) };
      }),
    };
  }
}
