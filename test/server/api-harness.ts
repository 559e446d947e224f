// A Koppla server for API tests: a runtime with one connection but no workers or schedules (the
// tests put jobs, dead letters and events in place themselves), users of both roles, and a small
// client that keeps the session cookie and CSRF token like the dashboard does.
import pino from 'pino';
import { Runtime } from '../../src/app/runtime.ts';
import { validateConfig } from '../../src/config/load.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';
import { UserRepository } from '../../src/server/auth/users.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

export const OPERATOR = { username: 'olga', password: 'operator-password-1' };
export const VIEWER = { username: 'viktor', password: 'viewer-password-1' };

export interface Harness {
  store: TestStore;
  runtime: Runtime;
  server: RunningServer;
  client(): ApiClient;
  login(user: { username: string; password: string }): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export class ApiClient {
  cookie?: string;
  csrfToken?: string;

  constructor(private readonly server: RunningServer) {}

  async call<T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && options.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] = this.csrfToken;
    const response = await this.server.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const setCookie = response.headers['set-cookie'];
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    for (const c of cookies) if (c.startsWith('koppla_session=')) this.cookie = c.split(';')[0];
    let parsed: unknown = response.body;
    try {
      parsed = JSON.parse(response.body);
    } catch {}
    return { status: response.statusCode, body: parsed as T, headers: response.headers };
  }

  get<T = any>(url: string) {
    return this.call<T>('GET', url);
  }

  post<T = any>(url: string, body?: unknown, options?: { csrf?: boolean }) {
    return this.call<T>('POST', url, body ?? {}, options);
  }
}

export async function startHarness(options: { maxFailures?: number } = {}): Promise<Harness> {
  const store = await openTestStore('pglite');
  const shops = planShops(2).map((plan) => demoShopConfig(plan, 'http://127.0.0.1:9/magento'));
  const raw = demoConnectionConfig('erp-master', shops, 'http://127.0.0.1:9/specter', 10);
  const connection = validateConfig({ connections: [raw] }).connections[0]!;
  const runtime = new Runtime({
    store,
    connections: [connection],
    logger: pino({ level: 'silent' }),
    buildFlows: () => ({ handlers: {}, schedules: [] }),
    workers: 0,
    runSchedulers: false,
  });
  await runtime.start();
  const users = new UserRepository(store.db);
  await users.create(OPERATOR.username, OPERATOR.password, 'operator');
  await users.create(VIEWER.username, VIEWER.password, 'viewer');
  const server = await startServer({
    runtime,
    port: 0,
    loginRateLimit: { maxFailures: options.maxFailures ?? 5, windowMs: 15 * 60_000 },
  });
  return {
    store,
    runtime,
    server,
    client: () => new ApiClient(server),
    async login(user) {
      const client = new ApiClient(server);
      const answer = await client.post('/api/login', user);
      if (answer.status !== 200)
        throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      client.csrfToken = answer.body.csrfToken;
      return client;
    },
    async close() {
      await server.close();
      await runtime.stop(100);
      await store.dispose();
    },
  };
}
