// Stored reports (initial-sync dry runs and the like): a list, and one report in full.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { loadReportBody } from '../../store/reports.ts';
import { mayAccess, outOfScope, refuseConnection, scopeIds, scopeOf } from '../auth/access.ts';
import { redactDeep } from './redact.ts';
import { anyJson, arr, described, input, int, obj, str } from './route-doc.ts';

const reportHead = { id: str(), connectionId: str(), kind: str(), summary: anyJson(), createdAt: str() };

export function registerReportRoutes(api: FastifyInstance, runtime: Runtime): void {
  const db = runtime.store.db;

  api.get<{ Querystring: { connection?: string; kind?: string; limit?: number } }>(
    '/reports',
    described({
      summary: 'Stored reports (initial-sync dry runs ...), newest first, without their bodies',
      tag: 'reports',
      access: 'read',
      query: input({ connection: str(), kind: str('e.g. initial-sync-dry-run'), limit: int() }),
      response: { description: 'Reports', schema: obj({ reports: arr(obj(reportHead)) }) },
      errors: { 403: 'Not one of your connections' },
    }),
    async (request, reply) => {
      const { connection } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection!);
      const allowed = scopeIds(scopeOf(request));
      if (allowed?.length === 0) return { reports: [] };
      let query = db.selectFrom('reports').select(['id', 'connection_id', 'kind', 'summary', 'created_at']);
      if (allowed) query = query.where('connection_id', 'in', allowed);
      if (connection) query = query.where('connection_id', '=', connection);
      if (request.query.kind) query = query.where('kind', '=', request.query.kind);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.min(500, request.query.limit ?? 100))
        .execute();
      return {
        reports: rows.map((r) => ({
          id: String(r.id),
          connectionId: r.connection_id,
          kind: r.kind,
          summary: redactDeep(r.summary),
          createdAt: new Date(r.created_at).toISOString(),
        })),
      };
    },
  );

  api.get<{ Params: { id: string } }>(
    '/reports/:id',
    described({
      summary: 'One report with its body',
      tag: 'reports',
      access: 'read',
      params: input({ id: { type: 'string', pattern: '^[0-9]+$' } }, ['id']),
      response: {
        description: 'The report',
        schema: obj({ report: obj({ ...reportHead, body: anyJson() }) }),
      },
      errors: { 404: 'No such report' },
    }),
    async (request, reply) => {
      const row = await db
        .selectFrom('reports')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      // Another tenant's report is "not found": report ids are sequential and easy to guess.
      if (!row || !mayAccess(scopeOf(request), row.connection_id))
        return reply.code(404).send({ error: `No report ${request.params.id}` });
      return {
        report: {
          id: String(row.id),
          connectionId: row.connection_id,
          kind: row.kind,
          summary: redactDeep(row.summary),
          // An initial sync's entries are stored in parts: the body is assembled from them.
          body: redactDeep(await loadReportBody(db, String(row.id), row.body)),
          createdAt: new Date(row.created_at).toISOString(),
        },
      };
    },
  );
}
