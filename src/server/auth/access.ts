// Tenant isolation at the API: which connections the logged-in user may see and change. Every
// route that reads or changes connection data asks here, so a user limited to one connection
// never learns anything about another (not even whether it exists).
import type { FastifyReply, FastifyRequest } from 'fastify';

/** null: every connection; otherwise the granted ids. */
export type ConnectionScope = readonly string[] | null;

export function scopeOf(request: FastifyRequest): ConnectionScope {
  // The guard sets sessionUser on every non-public route; without one, nothing is visible.
  const user = request.sessionUser;
  if (!user) return [];
  return user.connections;
}

export function mayAccess(scope: ConnectionScope, connectionId: string): boolean {
  return scope === null || scope.includes(connectionId);
}

/** Keeps the items of connections in scope. */
export function withinScope<T>(scope: ConnectionScope, items: T[], connectionOf: (item: T) => string): T[] {
  return scope === null ? items : items.filter((item) => scope.includes(connectionOf(item)));
}

/** Whether a request names a connection (query or body) outside the user's scope. */
export function outOfScope(request: FastifyRequest, connectionId: string | undefined): boolean {
  return connectionId !== undefined && connectionId !== '' && !mayAccess(scopeOf(request), connectionId);
}

/**
 * The 403 for a connection outside the scope: the same answer for one that does not exist, so
 * ids cannot be probed.
 */
export function refuseConnection(reply: FastifyReply, connectionId: string): FastifyReply {
  return reply.code(403).send({ error: `No access to connection ${connectionId}` });
}

/** Scope as a SQL filter: undefined for all, else the ids (possibly none). */
export function scopeIds(scope: ConnectionScope): string[] | undefined {
  return scope === null ? undefined : [...scope];
}
