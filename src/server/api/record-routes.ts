// Search and a record's timeline.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { outOfScope, refuseConnection, scopeIds, scopeOf } from '../auth/access.ts';
import { recordJourney, searchRecords } from './record-queries.ts';
import { anyJson, arr, described, input, int, nullable, obj, str } from './route-doc.ts';

const hitSchema = obj({
  connectionId: str(),
  shopId: str(),
  entityType: str(),
  entityKey: str(),
  matchedBy: str(),
  lastSeenAt: nullable(str()),
});

export function registerRecordRoutes(api: FastifyInstance, runtime: Runtime): void {
  api.get<{ Querystring: { q: string; limit?: number } }>(
    '/search',
    described({
      summary: 'Find records by order number, SKU, Specter number or customer e-mail',
      tag: 'records',
      access: 'read',
      query: input({ q: str('Order number, SKU, Specter number or e-mail'), limit: int() }, ['q']),
      response: { description: 'Matching records, newest first', schema: obj({ results: arr(hitSchema) }) },
    }),
    async (request) => ({
      results: await searchRecords(
        runtime.store.db,
        request.query.q,
        Math.min(200, request.query.limit ?? 50),
        scopeIds(scopeOf(request)),
      ),
    }),
  );

  api.get<{ Querystring: { connection: string; type: string; key: string; shop?: string } }>(
    '/record',
    described({
      summary: "A record's journey: timeline, job attempts with requests and responses (redacted), bindings",
      tag: 'records',
      access: 'read',
      query: input(
        {
          connection: str('Connection id'),
          type: str('Entity type: order, article ...'),
          key: str('Order number, SKU ...'),
          shop: str('Shop id; all shops when absent'),
        },
        ['connection', 'type', 'key'],
      ),
      response: {
        description: 'The timeline',
        schema: obj({
          record: anyJson(),
          events: arr(anyJson('id, at, shopId, kind, message, jobId, data')),
          jobs: arr(anyJson('a job with its attempts (log: requests and responses)')),
          deadLetters: arr(anyJson()),
          bindings: arr(anyJson('magentoKey <-> specterKey')),
        }),
      },
      errors: { 403: 'Not one of your connections', 404: 'Nothing is known about this record' },
    }),
    async (request, reply) => {
      const { connection, type, key, shop } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection);
      const journey = await recordJourney(runtime.store.db, {
        connectionId: connection,
        entityType: type,
        entityKey: key,
        shopId: shop,
      });
      if (!journey.events.length && !journey.jobs.length && !journey.bindings.length)
        return reply.code(404).send({ error: `Nothing is known about ${type} ${key}` });
      return journey;
    },
  );
}
