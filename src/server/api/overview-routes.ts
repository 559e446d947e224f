// GET /api/overview: every connection and shop, each stream's state, and a throughput series.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { streamPlan } from '../../config/presets.ts';
import { scopeOf, withinScope } from '../auth/access.ts';
import { emptyStats, type StreamStats, statsKey, streamStats, throughputSeries } from './overview-queries.ts';
import { arr, bool, described, int, nullable, obj, str } from './route-doc.ts';

const streamSchema = obj({
  stream: str(),
  enabled: bool(),
  direction: str(),
  lastSuccessAt: nullable(str()),
  lagSeconds: nullable(int('Age of the oldest queued job')),
  backlog: int(),
  running: int(),
  errors: obj({ lastHour: int(), lastDay: int() }),
  deadLetters: obj({ lastHour: int(), lastDay: int(), open: int() }),
});

const overviewSchema = obj({
  generatedAt: str(),
  connections: arr(
    obj({
      id: str(),
      name: str(),
      flowMode: str(),
      paused: bool(),
      shops: arr(
        obj({
          id: str('"" for work that belongs to the whole connection'),
          streams: arr(streamSchema),
          throughput: obj({ minuteStart: str(), perMinute: arr(int()) }),
        }),
      ),
    }),
  ),
});

function streamView(
  stream: string,
  plan: { enabled: boolean; direction: string } | undefined,
  stats: StreamStats,
  now: Date,
) {
  return {
    stream,
    enabled: plan?.enabled ?? true,
    direction: plan?.direction ?? '',
    lastSuccessAt: stats.lastSuccessAt?.toISOString() ?? null,
    lagSeconds: stats.oldestQueuedAt
      ? Math.max(0, Math.round((now.getTime() - stats.oldestQueuedAt.getTime()) / 1000))
      : null,
    backlog: stats.backlog,
    running: stats.running,
    errors: { lastHour: stats.failedAttemptsHour, lastDay: stats.failedAttemptsDay },
    deadLetters: {
      lastHour: stats.deadLettersHour,
      lastDay: stats.deadLettersDay,
      open: stats.openDeadLetters,
    },
  };
}

export function registerOverviewRoutes(api: FastifyInstance, runtime: Runtime): void {
  api.get(
    '/overview',
    described({
      summary: 'Each connection, shop and stream: state, last success, lag, backlog, errors, throughput',
      tag: 'overview',
      access: 'read',
      response: { description: 'The overview', schema: overviewSchema },
    }),
    async (request) => {
      const now = new Date();
      const db = runtime.store.db;
      const [stats, series, rows] = await Promise.all([
        streamStats(db, now),
        throughputSeries(db, now, 60),
        db.selectFrom('connections').select(['id', 'name', 'paused']).execute(),
      ]);
      const minuteStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000).toISOString();
      const visible = withinScope(scopeOf(request), runtime.connections, (c) => c.id);
      const connections = visible.map((connection) => {
        const plan = streamPlan(connection);
        const row = rows.find((r) => r.id === connection.id);
        const shopIds = connection.shops.map((s) => s.id);
        // Work not tied to one shop (shop "") shows as its own row when there is any.
        const prefix = `${connection.id}\u0000\u0000`;
        if ([...stats.keys()].some((k) => k.startsWith(prefix))) shopIds.push('');
        const shops = shopIds.map((shopId) => {
          const seen = new Set<string>(Object.keys(plan));
          for (const key of stats.keys()) {
            const [c, s, stream] = key.split('\u0000');
            if (c === connection.id && s === shopId && stream) seen.add(stream);
          }
          const streams = [...seen]
            .map((stream) =>
              streamView(
                stream,
                plan[stream as keyof typeof plan],
                stats.get(statsKey(connection.id, shopId, stream)) ?? emptyStats(),
                now,
              ),
            )
            // The shop-less row lists only streams that actually have work there.
            .filter(
              (s) =>
                shopId !== '' ||
                s.lastSuccessAt ||
                s.backlog ||
                s.running ||
                s.errors.lastDay ||
                s.deadLetters.open,
            );
          return {
            id: shopId,
            streams,
            throughput: {
              minuteStart,
              perMinute: series.get(`${connection.id}\u0000${shopId}`) ?? new Array<number>(60).fill(0),
            },
          };
        });
        return {
          id: connection.id,
          name: row?.name ?? connection.name ?? connection.id,
          flowMode: connection.flowMode,
          paused: row?.paused ?? false,
          shops,
        };
      });
      return { generatedAt: now.toISOString(), connections };
    },
  );
}
