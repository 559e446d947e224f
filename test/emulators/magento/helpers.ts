import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import {
  type MagentoEmulatorOptions,
  type RunningMagentoEmulator,
  startMagentoEmulator,
} from '../../../emulators/magento/index.ts';

type Swagger = {
  paths: Record<string, Record<string, { responses: Record<string, { schema?: unknown }> }>>;
  definitions: Record<string, unknown>;
};

export const schema: Swagger = JSON.parse(
  readFileSync(new URL('../../../emulators/magento/schema/magento-rest.json', import.meta.url), 'utf8'),
);

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'magento', definitions: schema.definitions });
const compiled = new Map<string, ValidateFunction>();

/** Rewrites local refs so a response schema resolves against the registered definitions. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/', 'magento#/') : rebase(v),
      ]),
    );
  }
  return node;
}

export function validatorFor(key: string, responseSchema: unknown): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(rebase(responseSchema) as object);
    compiled.set(key, fn);
  }
  return fn;
}

/** Finds the schema path template for a concrete path below /rest[/store] (e.g. /V1/products/ART-1). */
export function schemaPathFor(method: string, path: string): string | undefined {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  let best: { template: string; literals: number } | undefined;
  for (const [template, ops] of Object.entries(schema.paths)) {
    if (!ops[method.toLowerCase()]) continue;
    const parts = template.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const ok = parts.every((p, i) => {
      if (p.startsWith('{')) return true;
      if (p === segments[i]) {
        literals++;
        return true;
      }
      return false;
    });
    if (ok && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

/** Every response seen by the tests is checked against the schema: 2xx against the route's schema, errors against error-response. */
export function expectMatchesSchema(method: string, restPath: string, status: number, body: unknown): void {
  const template = schemaPathFor(method, restPath);
  expect(template, `schema lacks ${method} ${restPath}`).toBeDefined();
  const responses = schema.paths[template as string]![method.toLowerCase()]!.responses;
  const responseSchema =
    status < 300
      ? (responses[String(status)] ?? responses['200'])?.schema
      : { $ref: '#/definitions/error-response' };
  expect(responseSchema, `no schema for ${status} of ${method} ${template}`).toBeDefined();
  const validate = validatorFor(`${method} ${template} ${status < 300 ? status : 'error'}`, responseSchema);
  const valid = validate(body);
  expect(valid, `${method} ${restPath} -> ${status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(
    true,
  );
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class TestMagento {
  token = '';
  constructor(readonly emulator: RunningMagentoEmulator) {}

  static async start(options: MagentoEmulatorOptions = {}): Promise<TestMagento> {
    const client = new TestMagento(await startMagentoEmulator(options));
    const res = await client.call(
      'POST',
      '/V1/integration/admin/token',
      { username: options.adminUser ?? 'admin', password: options.adminPassword ?? 'admin123' },
      { auth: false },
    );
    client.token = res.body;
    return client;
  }

  /** Calls /rest[/store]{path}; validates the answer against the schema. */
  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { store?: string; auth?: boolean; token?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.auth !== false) headers.authorization = `Bearer ${opts.token ?? this.token}`;
    const url = `${this.emulator.url}/rest${opts.store ? `/${opts.store}` : ''}${path}`;
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text === '' ? undefined : JSON.parse(text);
    expectMatchesSchema(method, path, res.status, parsed);
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = <T = any>(path: string, opts?: { store?: string; auth?: boolean; token?: string }) =>
    this.call<T>('GET', path, undefined, opts);
  post = <T = any>(path: string, body?: unknown, opts?: { store?: string }) =>
    this.call<T>('POST', path, body, opts);
  put = <T = any>(path: string, body?: unknown, opts?: { store?: string }) =>
    this.call<T>('PUT', path, body, opts);
  del = <T = any>(path: string, opts?: { store?: string }) => this.call<T>('DELETE', path, undefined, opts);

  /** Control surface (/_emulator/*), not part of the schema. */
  async control<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.emulator.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/** Builds a searchCriteria query string from [field, value, condition] groups. */
export function criteria(
  groups: [string, string, string?][][],
  extra: Record<string, string | number> = {},
): string {
  const parts: string[] = [];
  groups.forEach((filters, g) => {
    filters.forEach(([field, value, condition], f) => {
      const base = `searchCriteria[filter_groups][${g}][filters][${f}]`;
      parts.push(
        `${base}[field]=${encodeURIComponent(field)}`,
        `${base}[value]=${encodeURIComponent(value)}`,
      );
      if (condition) parts.push(`${base}[condition_type]=${condition}`);
    });
  });
  for (const [key, value] of Object.entries(extra))
    parts.push(`searchCriteria${key}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const sampleOrder = (items: { sku: string; qty: number }[], extra: Record<string, unknown> = {}) => ({
  storeCode: 'default',
  customer: { email: 'asa.oberg@example.se', firstname: 'Åsa', lastname: 'Öberg' },
  billingAddress: {
    street: ['Storgatan 1'],
    city: 'Malmö',
    postcode: '211 20',
    countryId: 'SE',
    telephone: '0701234567',
  },
  items,
  paymentMethod: 'klarna_kp',
  shippingMethod: 'postnord_standard',
  shippingAmountInclTax: 49,
  ...extra,
});
