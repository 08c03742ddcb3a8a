import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random secret for cookies, API tokens and one-time links; only its SHA-256 is ever stored. */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** CSRF token bound to the session: HMAC(secret, session id), so it needs no storage. */
export const csrfFor = (secret: string, sessionId: string): string =>
  createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
