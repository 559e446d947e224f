// The HTTP side of `koppla start`: health, metrics, the Specter callback receiver, and (through
// ./routes) the admin API and dashboard.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Runtime } from '../app/runtime.ts';
import { adminApi } from './api/admin-api.ts';
import { createDemoLogin } from './auth/demo-login.ts';
import type { RateLimitOptions } from './auth/rate-limit.ts';
import { dashboardRoutes } from './dashboard/static-files.ts';
import { createMetrics } from './metrics.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * The largest request body accepted (413 beyond it). The biggest legitimate body is a config
 * text sent for validation; a few hundred KiB is far above any real one.
 */
export const DEFAULT_BODY_LIMIT = 512 * 1024;

export interface ServerOptions {
  runtime: Runtime;
  port: number;
  host?: string;
  /** Extra route plugins (admin API, dashboard, callbacks) registered by later layers. */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** Demo mode: a demo login is created and returned. */
  demo?: boolean;
  /** The admin API and dashboard are served unless this is false. */
  dashboard?: boolean;
  /** Login rate limit (default: 5 failures per username and address per 15 minutes). */
  loginRateLimit?: RateLimitOptions;
  /** Largest request body in bytes (default DEFAULT_BODY_LIMIT). */
  bodyLimit?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  /** The login created in demo mode. */
  demoLogin?: { username: string; password: string };
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Slow or stalled clients must not hold connections open for ever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
  });
  securityHeaders(app);
  const metrics = createMetrics(options.runtime);

  app.get('/health', async () => {
    await options.runtime.store.db.selectFrom('connections').select('id').limit(1).execute();
    return { status: 'ok', backend: options.runtime.store.backend };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.metrics();
  });
  if (options.dashboard !== false) {
    await adminApi(options.runtime, { loginRateLimit: options.loginRateLimit })(app);
    dashboardRoutes()(app);
  }
  for (const plugin of options.plugins ?? []) await plugin(app);
  const demoLogin = options.demo ? await createDemoLogin(options.runtime.store.db) : undefined;

  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}`, port, app, demoLogin, close: () => app.close() };
}
