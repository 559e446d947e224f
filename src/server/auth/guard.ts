// The gate in front of every /api route: a valid session, the session's CSRF token on every
// change, and the operator role where a route changes state.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../api/route-doc.ts';
import { type SessionRepository, type SessionUser, sameToken } from './sessions.ts';

export const SESSION_COOKIE = 'koppla_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser?: SessionUser;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function accessOf(request: FastifyRequest): Access {
  return request.routeOptions.config.doc?.access ?? (SAFE_METHODS.has(request.method) ? 'read' : 'change');
}

export function createGuard(sessions: SessionRepository) {
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Unknown /api paths: let Fastify answer 404 without revealing anything else.
    if (!request.routeOptions.url) return;
    const access = accessOf(request);
    if (access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await sessions.find(token) : undefined;
    if (!session) {
      await reply.code(401).send({ error: 'Not logged in (or the session has expired)' });
      return;
    }
    request.sessionUser = session;
    if (SAFE_METHODS.has(request.method)) return;
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
      await reply.code(403).send({ error: 'Missing or wrong CSRF token (X-CSRF-Token header)' });
      return;
    }
    if (access === 'change' && session.role !== 'operator') {
      await reply.code(403).send({ error: 'Read-only user: an operator has to do this' });
    }
  };
}
