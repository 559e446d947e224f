// Log in, log out, and "who am I" (which also hands the dashboard its CSRF token after a reload).
import type { FastifyInstance } from 'fastify';
import { arr, described, input, nullable, obj, str } from '../api/route-doc.ts';
import { SESSION_COOKIE } from './guard.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { LoginRateLimiter } from './rate-limit.ts';
import { SESSION_LIFETIME_MS, type SessionRepository } from './sessions.ts';
import type { UserRepository } from './users.ts';

const sessionSchema = obj({
  username: str(),
  role: { type: 'string', enum: ['operator', 'viewer'] },
  csrfToken: str('Send this in the X-CSRF-Token header on every POST'),
});

export function registerAuthRoutes(
  api: FastifyInstance,
  users: UserRepository,
  sessions: SessionRepository,
  limiter: LoginRateLimiter,
): void {
  api.post<{ Body: { username: string; password: string } }>(
    '/login',
    described({
      summary: 'Log in: sets the session cookie and returns the CSRF token',
      tag: 'session',
      access: 'public',
      body: input({ username: str(), password: str() }, ['username', 'password']),
      response: { description: 'Logged in', schema: sessionSchema },
      errors: { 401: 'Wrong username or password', 429: 'Too many failed logins: wait (Retry-After)' },
    }),
    async (request, reply) => {
      const { username, password } = request.body;
      const key = LoginRateLimiter.keyOf(username, request.ip);
      const waitMs = limiter.retryAfterMs(key);
      if (waitMs > 0) {
        reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        return reply.code(429).send({ error: 'Too many failed logins. Try again later.' });
      }
      const user = await users.findByUsername(username);
      const ok = user
        ? await verifyPassword(user.passwordHash, password)
        : await verifyAgainstNothing(password);
      if (!user || !ok) {
        limiter.recordFailure(key);
        return reply.code(401).send({ error: 'Wrong username or password' });
      }
      limiter.reset(key);
      const session = await sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: 'auto',
        path: '/',
        maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
      });
      return { username: user.username, role: user.role, csrfToken: session.csrfToken };
    },
  );

  api.post(
    '/logout',
    described({
      summary: 'Log out: ends the session',
      tag: 'session',
      access: 'session',
      response: { description: 'Logged out', schema: obj({ ok: { type: 'boolean' } }) },
    }),
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await sessions.end(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  api.get(
    '/session',
    described({
      summary: 'The logged-in user, role and CSRF token',
      tag: 'session',
      access: 'read',
      response: {
        description: 'The current session',
        schema: {
          ...sessionSchema,
          properties: {
            ...(sessionSchema.properties as object),
            connections: nullable(arr(str('Connections this user may see; null for all'))),
          },
        },
      },
    }),
    async (request) => {
      const session = request.sessionUser!;
      return {
        username: session.username,
        role: session.role,
        csrfToken: session.csrfToken,
        connections: session.connections,
      };
    },
  );
}
