// Receives Specter's callbacks ("doorbells"): checks the connection's callback token (in the URL
// path) and Specter's key, then makes the matching feed read run. The feed is the data; the ring
// only says "look now", so a ring can never bring data in, only make Koppla read sooner. What a
// replayed ring could still do (make Koppla read) is bounded by the throttle.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Runtime } from '../app/runtime.ts';
import { resolveSecret } from '../config/resolve-secret.ts';
import type { ConnectionConfig } from '../config/schema.ts';
import { parseCallback, verifyCallbackKey } from '../connectors/specter/index.ts';
import { CALLBACK_TOKEN_NAME } from '../store/callback-token.ts';
import type { SecretStore } from '../store/secrets.ts';
import { sameToken } from './auth/sessions.ts';
import { CallbackThrottle } from './callback-throttle.ts';

const SCHEDULE_BY_CALL_TYPE: Record<string, string> = {
  stock: 'stock-feed:',
  'article-info': 'article-feed:',
  invoice: 'order-feed:',
  'order-deleted': 'order-feed:',
  'order-updated': 'order-feed:',
};

export interface CallbackOptions {
  /** Where connection secrets and callback tokens are kept. */
  secrets?: SecretStore;
  /** Rings for one connection and feed start at most one read per this many ms (default 1000). */
  minReadIntervalMs?: number;
}

/** One answer for every refusal, so a caller cannot tell a wrong token from an unknown connection. */
const REFUSED = '0;20;refused';

type Query = Record<string, string>;

export function callbackRoutes(runtime: Runtime, options: CallbackOptions = {}) {
  const throttle = new CallbackThrottle({ intervalMs: options.minReadIntervalMs ?? 1_000 });

  async function expectedToken(connectionId: string): Promise<string | undefined> {
    return options.secrets?.get(connectionId, CALLBACK_TOKEN_NAME);
  }

  async function signingSecret(connection: ConnectionConfig): Promise<string> {
    // Specter signs with the account's shared key: IntegrationKey in v2, MD5 Key 1 in v1
    // (an assumption, kept with the Specter notes' other guesses in docs/specter.md).
    const v2 = connection.specter.apiVersion === 'v2';
    return resolveSecret(v2 ? connection.specter.integrationKey : connection.specter.apiUserKey, {
      connectionId: connection.id,
      path: `specter.${v2 ? 'integrationKey' : 'apiUserKey'}`,
      secrets: options.secrets,
    });
  }

  async function handle(
    connectionId: string,
    token: string | undefined,
    query: Query,
    reply: FastifyReply,
  ): Promise<string | FastifyReply> {
    reply.type('text/plain; charset=utf-8');
    const refuse = (reason: string) => {
      // The reason goes to the log, never the token or key that was sent.
      runtime.logger.warn({ connection: connectionId, reason }, 'Specter callback refused');
      return reply.code(403).send(REFUSED);
    };
    const connection = runtime.connections.find((c) => c.id === connectionId);
    if (!connection) return refuse('unknown connection');
    const expected = await expectedToken(connection.id);
    // With a token set up, a ring without it (or with an old one) is refused.
    if (expected !== undefined && (token === undefined || !sameToken(token, expected)))
      return refuse(token === undefined ? 'callback token missing' : 'wrong callback token');
    if (expected === undefined && token !== undefined) return refuse('no callback token is set up');
    let secret: string;
    try {
      secret = await signingSecret(connection);
    } catch (error) {
      runtime.logger.error({ connection: connection.id, err: error }, 'Specter callback key unavailable');
      return reply.code(503).send('0;40;not ready');
    }
    if (!verifyCallbackKey(query, secret, connection.specter.sbmId)) return refuse('wrong key');
    let callback: ReturnType<typeof parseCallback>;
    try {
      callback = parseCallback(query);
    } catch (error) {
      return reply.code(400).send(`0;10;${(error as Error).message}`);
    }
    const prefix = SCHEDULE_BY_CALL_TYPE[callback.callType];
    const schedules =
      runtime.flowsOf(connection.id)?.schedules.filter((s) => prefix && s.name.startsWith(prefix)) ?? [];
    // Answer at once; the read runs in the background (Specter retries slow receivers).
    throttle.ring(`${connection.id}\u0000${prefix}`, () => {
      for (const schedule of schedules) void runtime.runScheduleNow(connection.id, schedule.name);
    });
    return '1;Done';
  }

  return (app: FastifyInstance) => {
    app.addHook('onClose', async () => throttle.close());
    app.get<{ Params: { connectionId: string; token: string }; Querystring: Query }>(
      '/callbacks/specter/:connectionId/:token',
      (request, reply) => handle(request.params.connectionId, request.params.token, request.query, reply),
    );
    // Without a token: accepted only while the connection has none set up (older registrations).
    app.get<{ Params: { connectionId: string }; Querystring: Query }>(
      '/callbacks/specter/:connectionId',
      (request, reply) => handle(request.params.connectionId, undefined, request.query, reply),
    );
  };
}
