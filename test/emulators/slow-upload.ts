import { request } from 'node:http';

/**
 * POSTs `body` to `url`, sending the headers at once and the body `bodyDelayMs` later, and says how
 * long after the request started (its headers) and after the body was complete the answer came:
 * the emulators' latency runs from the request's arrival, so a late body eats into it.
 */
export function slowUpload(
  url: string,
  body: string,
  contentType: string,
  bodyDelayMs: number,
): Promise<{ status: number; text: string; sinceStartMs: number; sinceBodyMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let bodyDone = 0;
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const now = performance.now();
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            sinceStartMs: now - started,
            sinceBodyMs: now - bodyDone,
          });
        });
      },
    );
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => {
      bodyDone = performance.now();
      req.end(body);
    }, bodyDelayMs);
  });
}
