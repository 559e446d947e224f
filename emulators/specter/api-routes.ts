import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIONS } from './actions/index.ts';
import { CODES, rateLimitMessage, tooManyConcurrentMessage } from './assumptions.ts';
import type { SpecterState } from './emulator.ts';
import { Params, parseUrlEncoded } from './params.ts';
import { errorReply, makeFmt, type Reply, serialise } from './reply.ts';

const arrivals = new WeakMap<object, number>();

/**
 * `/getInfo.asp` and `/putInfo.asp`, GET or POST form. Faults apply here only. Every answer is
 * HTTP 200 except injected 500/503s [I: clients decide from the body].
 */
export function registerApiRoutes(app: FastifyInstance, state: SpecterState, hungSockets: Set<Socket>): void {
  // When each request came in (its headers), for the latency (see `handle`).
  app.addHook('onRequest', (request, _reply, done) => {
    arrivals.set(request.raw, performance.now());
    done();
  });
  for (const script of ['getInfo', 'putInfo'] as const) {
    const handler = (request: FastifyRequest, reply: FastifyReply) =>
      handle(script, request, reply, state, hungSockets);
    app.get(`/${script}.asp`, handler);
    app.post(`/${script}.asp`, handler);
  }
}

async function handle(
  script: 'getInfo' | 'putInfo',
  request: FastifyRequest,
  reply: FastifyReply,
  state: SpecterState,
  hungSockets: Set<Socket>,
): Promise<void> {
  const query = parseUrlEncoded(request.raw.url?.split('?')[1] ?? '');
  const body = Array.isArray(request.body) ? (request.body as Array<[string, string]>) : [];
  const params = new Params(query, body);
  const entry = {
    at: new Date().toISOString(),
    script,
    method: request.method,
    action: canonicalAction(params.get('action')),
    sbmId: params.get('sbmId') ?? '',
    webshopId: params.get('webshopId') ?? '',
    outcome: 0 as number | string,
  };

  const fault = state.faults.decide();
  if (fault.kind === 'drop' || fault.kind === 'timeout') {
    state.log.record({ ...entry, outcome: fault.kind });
    reply.hijack();
    const socket = request.raw.socket;
    if (fault.kind === 'drop') socket.destroy();
    else {
      // never answered; the socket is destroyed when the client gives up or the emulator closes
      hungSockets.add(socket);
      socket.once('close', () => hungSockets.delete(socket));
    }
    return;
  }
  if (fault.kind === 'error') {
    state.log.record({ ...entry, outcome: `http${fault.status}` });
    await reply
      .code(fault.status)
      .type('text/plain')
      .send(fault.status === 500 ? 'Internal Server Error' : 'Service Unavailable');
    return;
  }

  const sbmId = Number(params.get('sbmId'));
  const wait = Number.isInteger(sbmId) ? state.faults.rateLimited(sbmId, Date.now()) : null;
  if (wait !== null) return answer(errorReply(CODES.rateLimited, rateLimitMessage(wait)), entry.action);
  if (!state.faults.enter())
    return answer(errorReply(CODES.rateLimited, tooManyConcurrentMessage), entry.action);
  try {
    // The latency runs from the request's arrival, beside the work: the answer goes out
    // `latencyMs` after the request came in, or as soon as it is ready if that is later. (Waiting
    // first and working after made every call last L plus the work, longer than the L a client's
    // lower bound counts.)
    const answerAt = (arrivals.get(request.raw) ?? performance.now()) + state.faults.latencyMs();
    const { action, reply: r } = state.dispatch(script, params);
    return await answer(r, action, answerAt);
  } finally {
    state.faults.leave();
  }

  /** Sends the reply, not before `answerAt` (a `performance.now()` time; 0: at once). */
  async function answer(r: Reply, action: string, answerAt = 0): Promise<void> {
    state.log.record({ ...entry, action, outcome: r.code });
    const asXml = params.get('useXML') === '2';
    const out = serialise(r, asXml, state.settings.utf8, makeFmt(state.settings.decimalComma));
    const wait = answerAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await reply.code(200).header('content-type', out.contentType).send(out.body);
  }
}

const canonicalAction = (raw: string | undefined): string =>
  raw === undefined ? '(none)' : (ACTIONS.get(raw.toLowerCase())?.name ?? raw);
