import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRepository } from '../../src/server/auth/users.ts';
import { type Harness, OPERATOR, startHarness, VIEWER } from './api-harness.ts';

describe('admin API: login, sessions, CSRF, roles, rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses every API route without a session (401)', async () => {
    const anonymous = h.client();
    for (const url of [
      '/api/overview',
      '/api/session',
      '/api/dead-letters/groups',
      '/api/cursors',
      '/api/openapi.json',
    ]) {
      const answer = await anonymous.get(url);
      expect(answer.status, url).toBe(401);
    }
    expect(
      (await anonymous.post('/api/dead-letters/groups/retry', { connectionId: 'demo', causeCode: 'x' }))
        .status,
    ).toBe(401);
  });

  it('logs in with an HttpOnly, SameSite=Strict cookie and returns the CSRF token', async () => {
    const client = h.client();
    const answer = await client.post('/api/login', OPERATOR);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ username: OPERATOR.username, role: 'operator' });
    expect(answer.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/koppla_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = await client.get('/api/session');
    expect(session.status).toBe(200);
    expect(session.body.csrfToken).toBe(answer.body.csrfToken);
  });

  it('stores the password as an argon2id hash and only a digest of the session token', async () => {
    const client = await h.login(OPERATOR);
    const user = await h.store.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', OPERATOR.username)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const token = client.cookie!.split('=')[1]!;
    const rows = await h.store.db.selectFrom('sessions').select('id').execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const client = h.client();
    const answer = await client.post('/api/login', {
      username: OPERATOR.username,
      password: 'nope-nope-nope',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a change without the CSRF header (403), and with a wrong one', async () => {
    const client = await h.login(OPERATOR);
    const body = { connectionId: 'demo', causeCode: 'none' };
    expect((await client.post('/api/dead-letters/groups/retry', body, { csrf: false })).status).toBe(403);
    const saved = client.csrfToken;
    client.csrfToken = 'x'.repeat(saved!.length);
    expect((await client.post('/api/dead-letters/groups/retry', body)).status).toBe(403);
    client.csrfToken = saved;
    const ok = await client.post('/api/dead-letters/groups/retry', body);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ retried: 0 });
  });

  it('lets a viewer read but not change (403)', async () => {
    const viewer = await h.login(VIEWER);
    expect((await viewer.get('/api/overview')).status).toBe(200);
    const change = await viewer.post('/api/dead-letters/groups/retry', {
      connectionId: 'demo',
      causeCode: 'x',
    });
    expect(change.status).toBe(403);
    expect(change.body.error).toMatch(/read-only/i);
    expect((await viewer.post('/api/dead-letters/1/skip')).status).toBe(403);
    expect(
      (
        await viewer.post('/api/cursors/rewind', {
          connectionId: 'demo',
          shopId: 'se',
          stream: 'orders',
          to: '2026-01-01T00:00:00Z',
        })
      ).status,
    ).toBe(403);
    // Validating a config text changes nothing: viewers may.
    expect((await viewer.post('/api/config/validate', { yaml: 'connections: []' })).status).toBe(200);
  });

  it('logs out: the session no longer works', async () => {
    const client = await h.login(VIEWER);
    const out = await client.post('/api/logout');
    expect(out.status).toBe(200);
    const cookieBefore = client.cookie;
    expect((await client.get('/api/session')).status).toBe(401);
    // Replaying the old cookie does not bring the session back.
    client.cookie = cookieBefore;
    expect((await client.get('/api/overview')).status).toBe(401);
  });

  it('rate-limits failed logins per username and address (429), even for the right password', async () => {
    const client = h.client();
    const user = { username: 'ratelimited', password: 'the-right-password' };
    await new UserRepository(h.store.db).create(user.username, user.password, 'viewer');
    for (let i = 0; i < 5; i++)
      expect((await client.post('/api/login', { ...user, password: `wrong-${i}-password` })).status).toBe(
        401,
      );
    const blocked = await client.post('/api/login', user);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another username from the same address is not affected.
    expect((await client.post('/api/login', OPERATOR)).status).toBe(200);
  });
});
