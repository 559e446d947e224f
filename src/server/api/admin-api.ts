// The admin API under /api: login and session gate, then the operations the dashboard uses. The
// OpenAPI document at /api/openapi.json is built from the routes as registered here.
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.ts';
import { registerAuthRoutes } from '../auth/auth-routes.ts';
import { createGuard } from '../auth/guard.ts';
import { LoginRateLimiter, type RateLimitOptions } from '../auth/rate-limit.ts';
import { SessionRepository } from '../auth/sessions.ts';
import { UserRepository } from '../auth/users.ts';
import { registerConfigRoutes } from './config-routes.ts';
import { registerCursorRoutes } from './cursor-routes.ts';
import { registerDeadLetterRoutes } from './dead-letter-routes.ts';
import { buildOpenApiDocument, type CollectedRoute, collectRoute } from './openapi.ts';
import { registerOverviewRoutes } from './overview-routes.ts';
import { registerRecordRoutes } from './record-routes.ts';
import { registerReportRoutes } from './report-routes.ts';
import { described, obj, str } from './route-doc.ts';

export interface AdminApiOptions {
  loginRateLimit?: RateLimitOptions;
}

export function adminApi(runtime: Runtime, options: AdminApiOptions = {}) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(
      async (api) => {
        const routes: CollectedRoute[] = [];
        api.addHook('onRoute', (route) => {
          routes.push(...collectRoute(route));
        });
        await api.register(cookie);
        const db = runtime.store.db;
        const sessions = new SessionRepository(db);
        api.addHook('onRequest', createGuard(sessions));
        // Problems the handlers did not foresee are logged in full but answered plainly.
        api.setErrorHandler(
          (error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
            if (error.validation || (error.statusCode && error.statusCode < 500))
              return reply.code(error.statusCode ?? 400).send({ error: error.message });
            runtime.logger.error({ err: error, url: request.url }, 'admin API error');
            return reply.code(500).send({ error: 'Internal error (see the server log)' });
          },
        );

        registerAuthRoutes(
          api,
          new UserRepository(db),
          sessions,
          new LoginRateLimiter(options.loginRateLimit ?? { maxFailures: 5, windowMs: 15 * 60_000 }),
        );
        registerOverviewRoutes(api, runtime);
        registerRecordRoutes(api, runtime);
        registerDeadLetterRoutes(api, runtime);
        registerCursorRoutes(api, runtime);
        registerReportRoutes(api, runtime);
        registerConfigRoutes(api, runtime);

        let document: Record<string, unknown> | undefined;
        api.get(
          '/openapi.json',
          described({
            summary: 'This document: the admin API in OpenAPI 3',
            tag: 'meta',
            access: 'read',
            response: { description: 'OpenAPI 3.0 document', schema: obj({ openapi: str() }) },
          }),
          async () => {
            document ??= buildOpenApiDocument(routes);
            return document;
          },
        );
      },
      { prefix: '/api' },
    );
  };
}
