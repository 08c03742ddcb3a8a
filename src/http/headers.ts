import type { FastifyInstance } from 'fastify';

/**
 * Hardening headers on every answer, and caching that fits what is answered: API responses carry personal data,
 * so no browser or proxy may keep them; the SPA shell must be fetched anew after a deploy; Vite's hashed assets
 * never change, so they are cached for a year.
 */
const COMMON: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

// antd writes its styles at run time (CSS-in-JS): style-src needs 'unsafe-inline'; scripts only from us.
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

// One object per kind of answer, built once: the hook runs on every request.
const API = { ...COMMON, 'cache-control': 'no-store', 'content-security-policy': API_CSP };
const APP = { ...COMMON, 'content-security-policy': APP_CSP };

export function installHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and a promise per request shows in req/s.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const url = request.url;
    // Swagger UI sets its own CSP (it needs inline scripts); it holds no personal data.
    if (url.startsWith('/api/docs')) reply.headers(COMMON);
    else if (url.startsWith('/api/') || url.startsWith('/healthz') || url.startsWith('/readyz')) reply.headers(API);
    else reply.headers(APP);
    done();
  });
}

/** Cache-Control for files of the built SPA (see @fastify/static's setHeaders). */
export function staticCacheControl(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
