// Secrets never leave Koppla: a complete environment (both emulators, the runtime, the server) runs
// with distinctive credentials kept in the secret store, is made to fail in every way we can
// provoke (wrong credentials, unmapped payments, 500s, 429s, dropped connections), and then every
// log line, every admin API answer and every row of every table is searched for the secrets, in
// their plain, md5, base64 and URL-encoded forms, and for the tokens and request keys derived
// from them that went over the wire.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { ExchangeAnswer, HttpExchangeRequest } from '../../src/connectors/http-exchange.ts';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { buildConnectionFlows } from '../../src/flows/build.ts';
import { createLogger } from '../../src/log/logger.ts';
import { UserRepository } from '../../src/server/auth/users.ts';
import { callbackRoutes } from '../../src/server/callbacks.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { CALLBACK_TOKEN_NAME } from '../../src/store/callback-token.ts';
import { ApiClient } from '../server/api-harness.ts';

/** What goes over the wire: every exchange of Koppla's connectors, seen by the tap below. */
const wireTap = vi.hoisted(() => ({
  onRequest: undefined as undefined | ((url: string, init: HttpExchangeRequest) => void),
  onAnswer: undefined as undefined | ((url: string, answer: ExchangeAnswer) => void),
}));
vi.mock('../../src/connectors/http-exchange.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/connectors/http-exchange.ts')>();
  return {
    ...real,
    httpExchange: async (url: string, init: HttpExchangeRequest) => {
      wireTap.onRequest?.(url, init);
      const answer = await real.httpExchange(url, init);
      wireTap.onAnswer?.(url, answer);
      return answer;
    },
  };
});

const SECRETS = {
  'magento-password': 'S3cr3t-Magento-pw-XYZ',
  'specter-api-user-key': 'S3cr3t-ApiUser-key-XYZ',
  'specter-integration-key': 'S3cr3t-Integration-key-XYZ',
};
/** Wrong credentials of a second connection against the same systems. */
const WRONG = {
  'magento-password': 'S3cr3t-Wrong-Magento-pw-XYZ',
  'specter-api-user-key': 'S3cr3t-Wrong-ApiUser-XYZ',
  'specter-integration-key': 'S3cr3t-Wrong-Integration-XYZ',
};
const OPERATOR = { username: 'scanner', password: 'scanner-password-1' };

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Every form in which a secret could leak, each with a label for the failure message. */
function forms(label: string, value: string): [string, string][] {
  return [
    [label, value],
    [`${label} (md5)`, md5(value)],
    [`${label} (base64)`, b64(value)],
    [`${label} (base64url)`, Buffer.from(value).toString('base64url')],
    [`${label} (url-encoded)`, encodeURIComponent(value)],
    [`${label} (basic auth)`, b64(`admin:${value}`)],
  ];
}

/** A port nothing listens on now, for the server that Specter's callbacks are registered to. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function leaks(haystack: string, needles: [string, string][]): string[] {
  const lower = haystack.toLowerCase();
  const found = needles.filter(([, needle]) => needle.length >= 8 && lower.includes(needle.toLowerCase()));
  // Any part of a distinctive value (a truncated message, a prefix) is a leak too.
  if (/s3cr3t/i.test(haystack)) found.push(['a fragment of a secret ("S3cr3t")', 'S3cr3t']);
  return found.map(([label]) => label);
}

describe('no secret in logs, API answers, error messages, dead letters or the database', () => {
  let env: Environment;
  let wrong: Runtime;
  let server: RunningServer;
  const logLines: string[] = [];
  /** Tokens and request keys seen on the wire (derived from the secrets, so secret as well). */
  const wire = new Map<string, string>();
  const realFetch = globalThis.fetch;
  let callbackToken: string;

  /** Notes the tokens and request keys in one request's URL, headers and form body. */
  const watchRequest = (url: URL, authorization: string | null, body: string) => {
    const bearer = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
    if (bearer) wire.set(bearer, 'Magento admin token');
    for (const params of [url.searchParams, new URLSearchParams(body)]) {
      const key = params.get('key');
      if (key && key.length >= 16)
        wire.set(key, url.pathname.startsWith('/callbacks') ? 'Specter callback key' : 'Specter request key');
    }
  };
  /** Notes the admin token in Magento's answer to a login. */
  const watchAnswer = (url: URL, status: number, text: string) => {
    if (!url.pathname.endsWith('/V1/integration/admin/token') || status !== 200) return;
    const token = JSON.parse(text);
    if (typeof token === 'string') wire.set(token, 'Magento admin token');
  };

  beforeAll(async () => {
    // Watch what goes over the wire, to learn the Magento admin tokens and Specter request keys:
    // Koppla's connectors send through httpExchange (tapped above), the emulators' callbacks
    // through fetch.
    wireTap.onRequest = (url, init) => {
      const headers = init.headers ?? {};
      const authorization = headers.Authorization ?? headers.authorization ?? null;
      watchRequest(new URL(url), authorization, init.body ?? '');
    };
    wireTap.onAnswer = (url, answer) =>
      watchAnswer(new URL(url), answer.status, Buffer.from(answer.body).toString('utf8'));
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      const body =
        typeof init?.body === 'string'
          ? init.body
          : init?.body instanceof URLSearchParams
            ? init.body.toString()
            : '';
      watchRequest(url, headers.get('authorization'), body);
      const response = await realFetch(input, init);
      watchAnswer(url, response.status, await response.clone().text());
      return response;
    });

    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    });
    const port = await freePort();
    env = await startEnvironment({
      flowMode: 'erp-master',
      simpleArticles: 8,
      configurables: 1,
      variantsPerConfigurable: 2,
      logger,
      credentials: {
        magentoAdminPassword: SECRETS['magento-password'],
        specterApiUserKey: SECRETS['specter-api-user-key'],
        specterIntegrationKey: SECRETS['specter-integration-key'],
      },
      secrets: { values: SECRETS },
      adjustConfig: (connection) => {
        // Koppla registers its callback URL (with the connection's callback token) itself.
        connection.callbackBaseUrl = `http://127.0.0.1:${port}`;
        const specter = connection.specter as Record<string, unknown>;
        specter.apiUserKey = { secret: 'specter-api-user-key' };
        specter.integrationKey = { secret: 'specter-integration-key' };
        const shop = (connection.shops as Record<string, any>[])[0]!;
        shop.magento.auth = { username: 'admin', password: { secret: 'magento-password' } };
        // Two payment methods unmapped: those orders become dead letters.
        delete shop.payments.checkmo;
        delete shop.payments.klarna_kp;
      },
    });
    server = await startServer({
      runtime: env.runtime,
      port,
      plugins: [callbackRoutes(env.runtime, { secrets: env.secrets })],
    });
    await new UserRepository(env.store.db).create(OPERATOR.username, OPERATOR.password, 'operator');
    await waitForDrain(env, 60_000);

    // Faults on both sides while orders and stock changes flow.
    await controlCall(env.magentoUrl, 'PUT', '/faults', {
      errorRate: 0.15,
      rateLimit: { share: 0.1, retryAfterSeconds: 1 },
      dropRate: 0.05,
    });
    await controlCall(env.specterUrl, 'PUT', '/faults', { errorRate: 0.2 });
    await controlCall(env.magentoUrl, 'POST', '/orders/random', { count: 8 });
    const stock = await controlCall<{ articleNo: string }[]>(
      env.specterUrl,
      'GET',
      `/accounts/${DEMO_SBM_ID}/stock`,
    );
    for (const level of stock.slice(0, 4))
      await controlCall(
        env.specterUrl,
        'POST',
        `/accounts/${DEMO_SBM_ID}/articles/${level.articleNo}/stock`,
        { delta: -1 },
      );
    await new Promise((r) => setTimeout(r, 4_000));
    await controlCall(env.magentoUrl, 'PUT', '/faults', {});
    await controlCall(env.specterUrl, 'PUT', '/faults', {});
    await waitForDrain(env, 90_000);
    callbackToken = (await env.secrets.get(env.connection.id, CALLBACK_TOKEN_NAME))!;

    // A second connection with wrong credentials against the same systems.
    const raw = structuredClone(env.connection) as unknown as Record<string, unknown>;
    raw.id = 'wrong';
    for (const [name, value] of Object.entries(WRONG)) await env.secrets.put('wrong', name, value);
    wrong = new Runtime({
      store: env.store,
      connections: validateConfig({ connections: [raw] }).connections,
      logger,
      buildFlows: (c, rt) => buildConnectionFlows(c, rt, { secrets: env.secrets }),
      workers: 0,
      runSchedulers: false,
    });
    await wrong.start();
    for (const schedule of wrong.flowsOf('wrong')?.schedules ?? [])
      await wrong.runScheduleNow('wrong', schedule.name);
    // A ring with a wrong token and one with a wrong key.
    await realFetch(
      `${server.url}/callbacks/specter/demo/not-the-token?calltype=1&sbmId=${DEMO_SBM_ID}&key=${md5('x')}`,
    );
  }, 240_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    wireTap.onRequest = undefined;
    wireTap.onAnswer = undefined;
    await wrong?.stop(100);
    await server?.close();
    await env?.stop();
  });

  const needles = (): [string, string][] => [
    ...Object.entries(SECRETS).flatMap(([name, value]) => forms(name, value)),
    ...Object.entries(WRONG).flatMap(([name, value]) => forms(`wrong ${name}`, value)),
    ...[...wire].map(([value, label]): [string, string] => [label, value]),
    ...forms('callback token', callbackToken),
  ];

  it('provoked the failures it means to check', async () => {
    const letters = await env.store.db.selectFrom('dead_letters').select('cause_code').execute();
    expect(letters.length).toBeGreaterThan(0);
    const failedAttempts = await env.store.db
      .selectFrom('job_attempts')
      .select('outcome')
      .where('outcome', '<>', 'ok')
      .execute();
    expect(failedAttempts.length).toBeGreaterThan(0);
    expect([...wire.values()]).toContain('Magento admin token');
    expect([...wire.values()]).toContain('Specter request key');
    // Specter rang the registered URL, token and all, and was answered.
    const rings = await controlCall<{ attempts: { ok: boolean; url: string }[] }>(
      env.specterUrl,
      'GET',
      '/callbacks',
    );
    expect(
      rings.attempts.some((a) => a.ok && a.url.includes(`/callbacks/specter/demo/${callbackToken}?`)),
    ).toBe(true);
    const log = logLines.join('');
    expect(log).toMatch(/schedule run failed/);
    expect(log).toMatch(/Specter callback refused/);
  });

  it('the log holds none of them', () => {
    expect(leaks(logLines.join(''), needles())).toEqual([]);
  });

  it('no admin API answer holds any of them', async () => {
    const client = new ApiClient(server);
    const login = await client.post('/api/login', OPERATOR);
    client.csrfToken = login.body.csrfToken;
    const urls = [
      '/api/session',
      '/api/overview',
      '/api/connections',
      '/api/connections/demo/config',
      '/api/connections/wrong/config',
      '/api/dead-letters',
      '/api/dead-letters/groups',
      '/api/cursors',
      '/api/reports',
      '/api/usage',
      '/api/openapi.json',
      '/health',
      '/metrics',
    ];
    const records = await env.store.db
      .selectFrom('jobs')
      .select(['connection_id', 'entity_key', 'stream'])
      .distinct()
      .execute();
    for (const r of records) {
      const type = r.stream === 'orders' || r.stream === 'orderStatus' ? 'order' : 'article';
      urls.push(
        `/api/record?connection=${r.connection_id}&type=${type}&key=${encodeURIComponent(r.entity_key)}`,
      );
      urls.push(`/api/search?q=${encodeURIComponent(r.entity_key)}`);
    }
    let timelinesWithAttempts = 0;
    for (const url of urls) {
      const answer = await client.get(url);
      expect(answer.status, url).toBeLessThan(500);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      expect(leaks(text, needles()), url).toEqual([]);
      if (
        url.startsWith('/api/record') &&
        answer.body.jobs?.some((j: any) => j.log.some((a: any) => a.requests.length))
      )
        timelinesWithAttempts++;
    }
    expect(timelinesWithAttempts).toBeGreaterThan(0);
  });

  it('no row of any table holds any of them (dead letters, attempt logs, events, config ...)', async () => {
    const tables = (await env.store.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['dead_letters', 'job_attempts', 'events', 'connections', 'secrets']),
    );
    for (const table of tables) {
      const rows = await env.store.db
        .selectFrom(table as 'jobs')
        .selectAll()
        .execute();
      expect(leaks(JSON.stringify(rows), needles()), table).toEqual([]);
    }
  });
});
