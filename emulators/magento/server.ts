import { randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type BulkRoute, bulkRouteTable, entryParams } from './bulk-routes.ts';
import { registerControlRoutes } from './control.ts';
import { acceptBulk, processOperation, type QueuedOperation } from './domain/bulk.ts';
import { resolveScope } from './domain/scope.ts';
import { MagentoError } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import { applyFieldMask, parseFieldMask } from './field-filter.ts';
import { magentoJson } from './magento-json.ts';
import { parseQueryString } from './query-string.ts';
import type { RequestLog } from './request-log.ts';
import { matchRoute } from './route-match.ts';
import type { RouteContext, RouteDef } from './route-types.ts';
import { buildRouteTable } from './routes/index.ts';
import type { EmulatorState } from './state.ts';

interface ParsedRestPath {
  storeCode?: string;
  bulk: boolean;
  path: string;
}

/** Splits /rest[/{store}][/async/bulk]/V1/... into its parts. */
export function parseRestPath(url: string): ParsedRestPath | undefined {
  const pathname = url.split('?')[0] ?? '';
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments[0] !== 'rest') return undefined;
  let i = 1;
  let storeCode: string | undefined;
  if (segments[i] !== 'V1' && segments[i] !== 'async') storeCode = decodeURIComponent(segments[i++] ?? '');
  let bulk = false;
  if (segments[i] === 'async' && segments[i + 1] === 'bulk') {
    bulk = true;
    i += 2;
  }
  if (segments[i] !== 'V1') return undefined;
  return { storeCode, bulk, path: `/${segments.slice(i).join('/')}` };
}

const SIGN_IN_FAILED =
  'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Magento's output processor leaves out data-object fields whose value is null (see magento-json.ts). */
function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return sendJsonText(reply, status, magentoJson(value));
}

function sendJsonText(reply: FastifyReply, status: number, text: string | undefined): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(text);
}

export interface ServerParts {
  app: FastifyInstance;
  stopQueue(): void;
}

export function buildServer(state: EmulatorState, faults: FaultInjector, log: RequestLog): ServerParts {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 64 * 1024 * 1024 });
  const routes: RouteDef[] = buildRouteTable({ customerGroupPrices: state.extensions.customerGroupPrices });
  const bulkRoutes: BulkRoute[] = bulkRouteTable(routes);
  const hanging = new Set<() => void>();

  // Magento answers an empty body as "no parameters" and bad JSON with a decoding error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new MagentoError(400, 'Decoding error: \nSyntax error'), undefined);
    }
  });

  // When each request came in (its headers), for the latency (see `answer` below).
  const arrivals = new WeakMap<object, number>();
  app.addHook('onRequest', (request, _reply, done) => {
    arrivals.set(request.raw, performance.now());
    done();
  });

  const queue: QueuedOperation[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // A real consumer runs in a process of its own, beside the web API. Here it shares the event
  // loop, so it lets requests in every millisecond or so: a drain of thousands of operations in
  // one go (awaits of settled promises never yield) held every API answer back by tens of ms.
  // One consumer: operations queued while it runs are taken by the same run, in order.
  let draining = false;
  const drain = async () => {
    timer = undefined;
    draining = true;
    try {
      let sliceStarted = performance.now();
      while (queue.length > 0 && !stopped) {
        const op = queue.shift();
        if (op) await processOperation(state, op);
        if (performance.now() - sliceStarted >= 1) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStarted = performance.now();
        }
      }
    } finally {
      draining = false;
    }
  };
  // The consumer picks operations up shortly after acceptance, like a cron-run queue consumer would.
  const enqueue = (op: QueuedOperation) => {
    queue.push(op);
    if (!timer && !draining && !stopped) timer = setTimeout(() => void drain(), 25);
  };

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseRestPath(request.url);
    if (!parsed) return sendJson(reply, 404, { message: 'Request does not match any route.' });
    const method = request.method;
    let route: RouteDef | undefined;
    let bulkRoute: BulkRoute | undefined;
    let params: Record<string, string> = {};
    const isToken = !parsed.bulk && method === 'POST' && parsed.path === '/V1/integration/admin/token';
    if (!isToken) {
      const match = matchRoute(parsed.bulk ? bulkRoutes : routes, method, parsed.path);
      if (!match) {
        log.record(`${method} ${parsed.bulk ? '/async/bulk' : ''}${parsed.path}`);
        return sendJson(reply, 404, { message: 'Request does not match any route.' });
      }
      if (parsed.bulk) bulkRoute = match.route as BulkRoute;
      route = bulkRoute ? bulkRoute.original : match.route;
      params = match.params;
    }
    const key = isToken
      ? 'POST /V1/integration/admin/token'
      : (bulkRoute?.logKey ?? `${method} ${route?.path}`);
    log.record(key);

    faults.enter();
    // The latency runs from the request's arrival, beside the work: the answer goes out
    // `latencyMs` after the request came in, or as soon as it is ready if that is later. (Waiting
    // first and working after made every call last L plus the work, longer than the L a client's
    // lower bound counts.)
    const answerAt = (arrivals.get(request.raw) ?? performance.now()) + (faults.settings.latencyMs ?? 0);
    const answer = async (status: number, value: unknown): Promise<FastifyReply> => {
      const text = magentoJson(value);
      const wait = answerAt - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      return sendJsonText(reply, status, text);
    };
    try {
      const decision = faults.decide(Date.now());
      if (decision.kind === 'drop') {
        request.raw.socket.destroy();
        return reply.hijack();
      }
      if (decision.kind === 'hang') {
        reply.hijack();
        // Held until the client gives up (socket closes) or the emulator shuts down.
        await new Promise<void>((resolve) => {
          hanging.add(resolve);
          request.raw.socket.once('close', () => resolve());
        });
        return;
      }
      if (decision.kind === 'status') {
        if (decision.status === 429) {
          reply.header('Retry-After', String(decision.retryAfterSeconds ?? 1));
          return await answer(429, { message: 'Too many requests. Please try again later.' });
        }
        return await answer(decision.status, {
          message:
            decision.status === 503
              ? 'Service Unavailable'
              : 'Internal Error. Details are available in Magento log file. Report ID: webapi-emulated',
        });
      }

      const body = (request.body ?? {}) as unknown;
      if (isToken) {
        const creds = (body ?? {}) as { username?: unknown; password?: unknown };
        if (
          typeof creds.username !== 'string' ||
          typeof creds.password !== 'string' ||
          !sameSecret(creds.username, state.admin.user) ||
          !sameSecret(creds.password, state.admin.password)
        ) {
          return await answer(401, { message: SIGN_IN_FAILED });
        }
        const token = randomBytes(16).toString('hex');
        state.tokens.add(token);
        return await answer(200, token);
      }
      const current = route as RouteDef;
      const auth = request.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
      if (!token || !state.tokens.has(token)) {
        return await answer(401, {
          message: "The consumer isn't authorized to access %resources.",
          parameters: { resources: current.resource },
        });
      }
      const scope = resolveScope(state, parsed.storeCode);
      const query = parseQueryString(request.url.split('?')[1] ?? '');
      if (bulkRoute) {
        if (!Array.isArray(body)) throw new MagentoError(400, 'Request body must be an array of entities.');
        const served = bulkRoute;
        const result = acceptBulk(
          state,
          current,
          body,
          (item) => () =>
            current.handler({ state, scope, params: entryParams(served, item), query, body: item }),
          enqueue,
        );
        return await answer(202, result);
      }
      // Parsed before the handler runs, so a malformed filter fails the call before any write.
      const mask = typeof query.fields === 'string' ? parseFieldMask(query.fields) : undefined;
      const ctx: RouteContext = {
        state,
        scope,
        params,
        query,
        body: (body && typeof body === 'object' ? body : {}) as Record<string, unknown>,
      };
      const result = await current.handler(ctx);
      return await answer(200, mask ? applyFieldMask(result, mask) : result);
    } catch (error) {
      if (error instanceof MagentoError) return await answer(error.status, error.toBody());
      return await answer(500, {
        message: 'Internal Error. Details are available in Magento log file. Report ID: webapi-emulated',
        trace: String((error as Error)?.stack ?? error),
      });
    } finally {
      faults.leave();
    }
  };

  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/rest/*', handler: handle });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof MagentoError) return sendJson(reply, error.status, error.toBody());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return sendJson(reply, status, { message: error instanceof Error ? error.message : String(error) });
  });
  app.setNotFoundHandler((_request, reply) =>
    sendJson(reply, 404, { message: 'Request does not match any route.' }),
  );
  registerControlRoutes(app, state, faults, log);

  return {
    app,
    stopQueue: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const release of hanging) release();
    },
  };
}
