// Security headers on every kind of answer, and the request size limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, OPERATOR, startHarness } from '../server/api-harness.ts';

function expectHardened(headers: Record<string, unknown>, url: string): void {
  expect(headers['x-content-type-options'], url).toBe('nosniff');
  expect(headers['x-frame-options'], url).toBe('DENY');
  expect(headers['referrer-policy'], url).toBe('no-referrer');
  expect(String(headers['content-security-policy']), url).toMatch(/frame-ancestors 'none'/);
  expect(String(headers['content-security-policy']), url).toMatch(/default-src '(none|self)'/);
}

describe('HTTP security headers and limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('sets the headers on API answers, pages, health, metrics, refusals and 404s', async () => {
    const anonymous = h.client();
    const op = await h.login(OPERATOR);
    const answers = [
      ['/health', await anonymous.get('/health')],
      ['/metrics', await anonymous.get('/metrics')],
      ['/api/overview (401)', await anonymous.get('/api/overview')],
      ['/api/overview', await op.get('/api/overview')],
      ['/api/nope (404)', await op.get('/api/nope')],
      ['/ (dashboard)', await anonymous.get('/')],
      ['/nope.html (404)', await anonymous.get('/nope.html')],
      ['/api/cursors/rewind (403 csrf)', await op.post('/api/cursors/rewind', {}, { csrf: false })],
      ['/api/login (400)', await anonymous.post('/api/login', { nope: 1 })],
    ] as const;
    for (const [url, answer] of answers) expectHardened(answer.headers, url);
    // Data answers may not load or run anything; the dashboard page only what it serves itself.
    expect(answers[3][1].headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(answers[5][1].headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(answers[3][1].headers['cache-control']).toBe('no-store');
  });

  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const answer = await h.client().post('/api/login', OPERATOR);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('refuses a body over the limit with 413 before any handler runs', async () => {
    const op = await h.login(OPERATOR);
    const big = await op.post('/api/config/validate', { yaml: 'x'.repeat(600 * 1024) });
    expect(big.status).toBe(413);
    expectHardened(big.headers, 'POST 413');
    const login = await h.client().post('/api/login', { username: 'a'.repeat(700 * 1024), password: 'x' });
    expect(login.status).toBe(413);
    const fine = await op.post('/api/config/validate', { yaml: 'connections: []\n' });
    expect(fine.status).toBe(200);
  });
});
