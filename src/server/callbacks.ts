// Receives Specter's callbacks ("doorbells"): verifies the key, then makes the matching feed read
// run now. The feed is the data; the ring only says "look now", so repeated rings are harmless.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../app/runtime.ts';
import { resolveSecret } from '../config/resolve-secret.ts';
import { parseCallback, verifyCallbackKey } from '../connectors/specter/index.ts';

const SCHEDULE_BY_CALL_TYPE: Record<string, string> = {
  stock: 'stock-feed:',
  'article-info': 'article-feed:',
  invoice: 'order-feed:',
  'order-deleted': 'order-feed:',
  'order-updated': 'order-feed:',
};

export function callbackRoutes(runtime: Runtime) {
  return (app: FastifyInstance) => {
    app.get<{ Params: { connectionId: string }; Querystring: Record<string, string> }>(
      '/callbacks/specter/:connectionId',
      async (request, reply) => {
        reply.type('text/plain; charset=utf-8');
        const connection = runtime.connections.find((c) => c.id === request.params.connectionId);
        if (!connection) return reply.code(404).send('0;30;unknown connection');
        // Specter signs with the account's shared key: IntegrationKey in v2, MD5 Key 1 in v1
        // (an assumption, kept with the Specter notes' other guesses in docs/specter.md).
        const signingKey =
          connection.specter.apiVersion === 'v2'
            ? connection.specter.integrationKey
            : connection.specter.apiUserKey;
        const secret = await resolveSecret(signingKey, {
          connectionId: connection.id,
          path: 'specter.integrationKey',
        });
        if (!verifyCallbackKey(request.query, secret, connection.specter.sbmId)) {
          runtime.logger.warn({ connection: connection.id }, 'Specter callback with a wrong key refused');
          return reply.code(403).send('0;20;wrong key');
        }
        let callback: ReturnType<typeof parseCallback>;
        try {
          callback = parseCallback(request.query);
        } catch (error) {
          return reply.code(400).send(`0;10;${(error as Error).message}`);
        }
        const prefix = SCHEDULE_BY_CALL_TYPE[callback.callType];
        const schedules =
          runtime.flowsOf(connection.id)?.schedules.filter((s) => prefix && s.name.startsWith(prefix)) ?? [];
        // Answer at once; the read runs in the background (Specter retries slow receivers).
        for (const schedule of schedules) void runtime.runScheduleNow(connection.id, schedule.name);
        return '1;Done';
      },
    );
  };
}
