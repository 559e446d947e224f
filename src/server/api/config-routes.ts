// Connections, their config (secrets as references only), a config-text validator, and usage.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { usageOf } from '../../store/usage.ts';
import { outOfScope, refuseConnection, scopeOf, withinScope } from '../auth/access.ts';
import { configForDisplay, configYaml, validateConfigText } from './config-view.ts';
import { anyJson, arr, bool, described, input, int, nullable, obj, str } from './route-doc.ts';

export function registerConfigRoutes(api: FastifyInstance, runtime: Runtime): void {
  const db = runtime.store.db;

  api.get(
    '/connections',
    described({
      summary: 'Connections and their shops',
      tag: 'connections',
      access: 'read',
      response: {
        description: 'Connections',
        schema: obj({
          connections: arr(
            obj({
              id: str(),
              name: str(),
              flowMode: str(),
              paused: bool(),
              shops: arr(str()),
              updatedAt: str(),
            }),
          ),
        }),
      },
    }),
    async (request) => {
      const all = await db
        .selectFrom('connections')
        .select(['id', 'name', 'flow_mode', 'paused', 'updated_at'])
        .orderBy('id')
        .execute();
      const rows = withinScope(scopeOf(request), all, (r) => r.id);
      const shops = await db.selectFrom('shops').select(['connection_id', 'id']).orderBy('id').execute();
      return {
        connections: rows.map((r) => ({
          id: r.id,
          name: r.name,
          flowMode: r.flow_mode,
          paused: r.paused,
          shops: shops.filter((s) => s.connection_id === r.id).map((s) => s.id),
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
      };
    },
  );

  api.get<{ Params: { id: string } }>(
    '/connections/:id/config',
    described({
      summary: "A connection's config with secrets shown as references (env / secret store), never values",
      tag: 'connections',
      access: 'read',
      params: input({ id: str() }, ['id']),
      response: {
        description: 'The config as an object and as YAML text',
        schema: obj({ id: str(), config: anyJson(), yaml: str() }),
      },
      errors: { 403: 'Not one of your connections', 404: 'No such connection' },
    }),
    async (request, reply) => {
      if (outOfScope(request, request.params.id)) return refuseConnection(reply, request.params.id);
      const row = await db
        .selectFrom('connections')
        .select(['id', 'config'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) return reply.code(404).send({ error: `No connection ${request.params.id}` });
      const config = configForDisplay(row.config);
      return { id: row.id, config, yaml: configYaml([config]) };
    },
  );

  api.post<{ Body: { yaml: string } }>(
    '/config/validate',
    described({
      summary: 'Validate a config file text: every problem with its path and line',
      tag: 'connections',
      access: 'session',
      body: input({ yaml: str('The whole config file (YAML)') }, ['yaml']),
      response: {
        description: 'Valid, or the problems',
        schema: obj({
          valid: bool(),
          problems: arr(obj({ path: str(), message: str(), line: nullable(int()) })),
        }),
      },
    }),
    async (request) => validateConfigText(request.body.yaml),
  );

  api.get<{ Querystring: { connection?: string } }>(
    '/usage',
    described({
      summary: 'Orders and articles synced per connection per month',
      tag: 'usage',
      access: 'read',
      query: input({ connection: str() }),
      errors: { 403: 'Not one of your connections' },
      response: {
        description: 'Usage rows, oldest month first',
        schema: obj({ usage: arr(obj({ connectionId: str(), month: str(), metric: str(), count: int() })) }),
      },
    }),
    async (request, reply) => {
      const { connection } = request.query;
      if (outOfScope(request, connection)) return refuseConnection(reply, connection!);
      const rows = await usageOf(db, connection);
      return { usage: withinScope(scopeOf(request), rows, (r) => r.connectionId) };
    },
  );
}
