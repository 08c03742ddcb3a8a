import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random secret for cookies, API tokens and one-time links; only its SHA-256 is ever stored. */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * A secret that names its tenant, so that it is looked up by (tenant_id, token_hash) — one shard under Citus —
 * before the tenant is otherwise known: `<prefix><43 random characters>_<tenant id in 22>` (API tokens `gra_…`,
 * one-time links `rst_…`/`inv_…`). The tenant part is no credential: the whole string is what is hashed and
 * stored, so a token whose tenant part was changed is simply unknown, as any other wrong token.
 */
export const newTenantSecret = (prefix: string, tenantId: string): string =>
  `${newSecret(prefix)}_${tenantKey(tenantId)}`;

/** The tenant a secret of `newTenantSecret` names; undefined for one issued before secrets named their tenant. */
export function secretTenant(secret: string, prefix: string): string | undefined {
  if (secret.length !== prefix.length + 43 + 1 + 22 || !secret.startsWith(prefix)) return undefined;
  if (secret[prefix.length + 43] !== '_') return undefined;
  return tenantFromKey(secret.slice(-22));
}

/** Session cookie `<session id>.<secret>.<tenant id in 22>`; before migration 0008 it was `<session id>.<secret>`. */
export const sessionCookie = (sessionId: string, secret: string, tenantId: string): string =>
  `${sessionId}.${secret}.${tenantKey(tenantId)}`;

export function parseSessionCookie(
  cookie: string,
): { sessionId: string; secret: string; tenantId: string | undefined } | undefined {
  const parts = cookie.split('.');
  if (parts.length === 2) return { sessionId: parts[0], secret: parts[1], tenantId: undefined };
  if (parts.length !== 3) return undefined;
  const tenantId = tenantFromKey(parts[2]);
  return tenantId ? { sessionId: parts[0], secret: parts[1], tenantId } : undefined;
}

/** A tenant id (a UUID) in 22 characters: its 16 bytes in base64url. */
export const tenantKey = (tenantId: string): string =>
  Buffer.from(tenantId.replaceAll('-', ''), 'hex').toString('base64url');

/** The UUID a tenant key stands for; undefined unless `key` is exactly what `tenantKey` writes for it. */
export function tenantFromKey(key: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/.test(key)) return undefined;
  const hex = Buffer.from(key, 'base64url').toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return hex.length === 32 && tenantKey(id) === key ? id : undefined;
}

/** CSRF token bound to the session: HMAC(secret, session id), so it needs no storage. */
export const csrfFor = (secret: string, sessionId: string): string =>
  createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
