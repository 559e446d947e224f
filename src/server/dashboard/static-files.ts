// Serves the dashboard's browser files from web/ (plain ES modules and CSS: no build step, nothing
// fetched from elsewhere). Only files under web/ with known types are served.
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** Everything the page needs comes from this server; nothing runs that it did not send. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** The file under `root` that a URL path names, or undefined when it would leave `root`. */
export function resolveWebFile(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, normalize(relative));
  const base = resolve(root);
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  if (!TYPES[extname(full)]) return undefined;
  return full;
}

export function dashboardRoutes(root = WEB_ROOT) {
  return (app: FastifyInstance) => {
    app.get('/*', async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (path.startsWith('/api/')) return reply.code(404).send({ error: 'No such API route' });
      const file = resolveWebFile(root, path);
      if (!file) return reply.code(404).type('text/plain').send('Not found');
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return reply.code(404).type('text/plain').send('Not found');
      }
      reply
        .type(TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', CONTENT_SECURITY_POLICY);
      return reply.send(body);
    });
  };
}
