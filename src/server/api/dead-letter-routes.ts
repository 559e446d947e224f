// Dead letters: grouped by cause, and retry (replay) or skip one letter or a whole group.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { mayAccess, outOfScope, refuseConnection, scopeIds, scopeOf } from '../auth/access.ts';
import { deadLetterGroups, deadLetterState, openDeadLetters } from './dead-letter-queries.ts';
import { arr, described, input, int, obj, str } from './route-doc.ts';

const letterSchema = obj({
  id: str(),
  connectionId: str(),
  shopId: str(),
  stream: str(),
  kind: str(),
  entityKey: str(),
  causeCode: str(),
  message: str(),
  attempts: int(),
  createdAt: str(),
});

const groupFilter = input(
  {
    connectionId: str(),
    causeCode: str(),
    shopId: str('Only this shop'),
    stream: str('Only this stream'),
  },
  ['connectionId', 'causeCode'],
);

type GroupBody = { connectionId: string; causeCode: string; shopId?: string; stream?: string };

export function registerDeadLetterRoutes(api: FastifyInstance, runtime: Runtime): void {
  const db = runtime.store.db;

  api.get<{ Querystring: { connection?: string } }>(
    '/dead-letters/groups',
    described({
      summary: 'Open dead letters grouped by connection and cause, with counts and examples',
      tag: 'dead letters',
      access: 'read',
      query: input({ connection: str('Only this connection') }),
      errors: { 403: 'Not one of your connections' },
      response: {
        description: 'Groups, biggest first',
        schema: obj({
          groups: arr(
            obj({
              connectionId: str(),
              causeCode: str(),
              count: int(),
              streams: arr(str()),
              shops: arr(str()),
              firstAt: str(),
              lastAt: str(),
              examples: arr(letterSchema),
            }),
          ),
        }),
      },
    }),
    async (request, reply) => {
      const { connection } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection!);
      return { groups: await deadLetterGroups(db, connection, 5, scopeIds(scopeOf(request))) };
    },
  );

  api.get<{ Querystring: { connection?: string; cause?: string; limit?: number } }>(
    '/dead-letters',
    described({
      summary: 'Open dead letters, newest first',
      tag: 'dead letters',
      access: 'read',
      query: input({ connection: str(), cause: str('Cause code'), limit: int() }),
      errors: { 403: 'Not one of your connections' },
      response: { description: 'Open dead letters', schema: obj({ deadLetters: arr(letterSchema) }) },
    }),
    async (request, reply) => {
      const { connection } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection!);
      return {
        deadLetters: await openDeadLetters(db, {
          connectionId: connection,
          causeCode: request.query.cause,
          limit: Math.min(1000, request.query.limit ?? 200),
          allowed: scopeIds(scopeOf(request)),
        }),
      };
    },
  );

  const one = async (request: FastifyRequest, id: string, reply: FastifyReply, action: 'retry' | 'skip') => {
    const letter = await deadLetterState(db, id);
    // Another tenant's letter is "not found": letter ids are sequential and easy to guess.
    if (!letter || !mayAccess(scopeOf(request), letter.connectionId))
      return reply.code(404).send({ error: `No dead letter ${id}` });
    if (!letter.open) return reply.code(409).send({ error: `Dead letter ${id} was already dealt with` });
    const count =
      action === 'retry'
        ? await runtime.queue.replay({ ids: [id] })
        : await runtime.queue.skip({ ids: [id] });
    if (action === 'retry') runtime.poke();
    return { [action === 'retry' ? 'retried' : 'skipped']: count };
  };

  const idParams = input({ id: { type: 'string', pattern: '^[0-9]+$' } }, ['id']);
  api.post<{ Params: { id: string } }>(
    '/dead-letters/:id/retry',
    described({
      summary: 'Put one dead letter back in the queue',
      tag: 'dead letters',
      access: 'change',
      params: idParams,
      response: { description: 'Retried', schema: obj({ retried: int() }) },
      errors: { 404: 'No such dead letter', 409: 'Already retried or skipped' },
    }),
    (request, reply) => one(request, request.params.id, reply, 'retry'),
  );
  api.post<{ Params: { id: string } }>(
    '/dead-letters/:id/skip',
    described({
      summary: 'Mark one dead letter as dealt with, without running it again',
      tag: 'dead letters',
      access: 'change',
      params: idParams,
      response: { description: 'Skipped', schema: obj({ skipped: int() }) },
      errors: { 404: 'No such dead letter', 409: 'Already retried or skipped' },
    }),
    (request, reply) => one(request, request.params.id, reply, 'skip'),
  );

  api.post<{ Body: GroupBody }>(
    '/dead-letters/groups/retry',
    described({
      summary: 'Retry every open dead letter of a group (after fixing its cause)',
      tag: 'dead letters',
      access: 'change',
      body: groupFilter,
      response: { description: 'How many were put back in the queue', schema: obj({ retried: int() }) },
      errors: { 403: 'Not one of your connections' },
    }),
    async (request, reply) => {
      if (outOfScope(request, request.body.connectionId))
        return refuseConnection(reply, request.body.connectionId);
      const retried = await runtime.queue.replay(request.body);
      if (retried > 0) runtime.poke();
      return { retried };
    },
  );
  api.post<{ Body: GroupBody }>(
    '/dead-letters/groups/skip',
    described({
      summary: 'Skip every open dead letter of a group',
      tag: 'dead letters',
      access: 'change',
      body: groupFilter,
      response: { description: 'How many were marked as dealt with', schema: obj({ skipped: int() }) },
      errors: { 403: 'Not one of your connections' },
    }),
    async (request, reply) => {
      if (outOfScope(request, request.body.connectionId))
        return refuseConnection(reply, request.body.connectionId);
      return { skipped: await runtime.queue.skip(request.body) };
    },
  );
}
