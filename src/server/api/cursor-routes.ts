// Cursors per stream and shop, and rewind: set a cursor back to a time so change detection looks
// again at everything changed since then. Re-detected records that are already bound are skipped
// by the flows, so a rewind never duplicates anything.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { CursorRepository } from '../../store/cursors.ts';
import { outOfScope, refuseConnection, scopeOf, withinScope } from '../auth/access.ts';
import { cursorFormat, cursorTime, formatCursorTime } from './cursor-time.ts';
import { arr, described, input, nullable, obj, str } from './route-doc.ts';

/** The schedule that reads each cursor, run right after a rewind. */
const POLL_BY_STREAM: Record<string, string> = { orders: 'orders-poll:', articles: 'products-poll:' };

const cursorSchema = obj({
  connectionId: str(),
  shopId: str(),
  stream: str(),
  value: str(),
  format: { type: 'string', enum: ['magento-time', 'iso-time', 'opaque'] },
  time: nullable(str('The value as an ISO time, when it is a time')),
  updatedAt: str(),
});

function view(cursor: {
  connectionId: string;
  shopId: string;
  stream: string;
  value: string;
  updatedAt: Date;
}) {
  const time = cursorTime(cursor.stream, cursor.value);
  return {
    connectionId: cursor.connectionId,
    shopId: cursor.shopId,
    stream: cursor.stream,
    value: cursor.value,
    format: cursorFormat(cursor.stream, cursor.value),
    time: time?.toISOString() ?? null,
    updatedAt: cursor.updatedAt.toISOString(),
  };
}

export function registerCursorRoutes(api: FastifyInstance, runtime: Runtime): void {
  const cursors = new CursorRepository(runtime.store.db);

  api.get<{ Querystring: { connection?: string } }>(
    '/cursors',
    described({
      summary: 'Change-detection cursors per connection, shop and stream',
      tag: 'cursors',
      access: 'read',
      query: input({ connection: str() }),
      response: { description: 'Cursors', schema: obj({ cursors: arr(cursorSchema) }) },
      errors: { 403: 'Not one of your connections' },
    }),
    async (request, reply) => {
      const { connection } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection!);
      const list = withinScope(scopeOf(request), await cursors.list(connection), (c) => c.connectionId);
      return { cursors: list.map(view) };
    },
  );

  api.post<{ Body: { connectionId: string; shopId: string; stream: string; to: string } }>(
    '/cursors/rewind',
    described({
      summary: 'Rewind a cursor to a time: changes since then are detected again',
      tag: 'cursors',
      access: 'change',
      body: input(
        {
          connectionId: str(),
          shopId: str(),
          stream: str(),
          to: str('ISO 8601 time, e.g. 2026-01-31T08:00:00Z'),
        },
        ['connectionId', 'shopId', 'stream', 'to'],
      ),
      response: { description: 'The cursor after the rewind', schema: obj({ cursor: cursorSchema }) },
      errors: {
        403: 'Not one of your connections',
        404: 'No such cursor',
        409: 'This cursor is not a time and cannot be rewound to one',
      },
    }),
    async (request, reply) => {
      const { connectionId, shopId, stream, to } = request.body;
      if (outOfScope(request, connectionId)) return refuseConnection(reply, connectionId);
      const time = new Date(to);
      if (!/^\d{4}-\d{2}-\d{2}/.test(to) || Number.isNaN(time.getTime()))
        return reply.code(400).send({ error: `"${to}" is not an ISO 8601 time` });
      if (time.getTime() > Date.now() + 60_000)
        return reply.code(400).send({ error: 'A cursor can only be rewound to a time that has passed' });
      const current = await cursors.get(connectionId, shopId, stream);
      if (current === undefined)
        return reply.code(404).send({ error: `No cursor for ${connectionId} / ${shopId} / ${stream}` });
      const format = cursorFormat(stream, current);
      if (format === 'opaque')
        return reply
          .code(409)
          .send({ error: `The ${stream} cursor is not a time and cannot be rewound to one` });
      await cursors.set(connectionId, shopId, stream, formatCursorTime(format, time));
      runtime.logger.info(
        { connectionId, shopId, stream, to, by: request.sessionUser?.username },
        'cursor rewound',
      );
      const poll = POLL_BY_STREAM[stream];
      if (poll) void runtime.runScheduleNow(connectionId, `${poll}${shopId}`);
      const after = (await cursors.list(connectionId)).find(
        (c) => c.shopId === shopId && c.stream === stream,
      );
      return { cursor: view(after!) };
    },
  );
}
