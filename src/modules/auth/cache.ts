import type { Actor } from '../../core/policy.ts';
import type { Tenant } from '../tenants/service.ts';
import type { PublicUser } from '../users/service.ts';

/** Who a request acts as, with the user and tenant rows it needs for /me. */
export interface Principal {
  actor: Actor;
  sessionId?: string;
  user: PublicUser;
  tenant: Tenant;
  /** The serialized GET /me answer, memoized with the principal. */
  meJson?: string;
}

/**
 * Short-lived cache of resolved sessions and tokens: most requests then need no auth query at all. Every
 * local write that could change the answer (logout, revoke, user or tenant change) clears it once it commits, by
 * its event (auth/index.ts subscribes); other processes sharing the database see such a change within CACHE_MS.
 */
export const CACHE_MS = 5_000;
const MAX_ENTRIES = 20_000;
const entries = new Map<string, { principal: Principal; until: number }>();

export function cachedPrincipal(key: string): Principal | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  if (hit.until > Date.now()) return hit.principal;
  entries.delete(key);
  return undefined;
}

/** Kept for CACHE_MS at most, and never past `expiresAt`: an expired token is refused to the millisecond. */
export function cachePrincipal(key: string, principal: Principal, expiresAt?: Date | null): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const until = Math.min(Date.now() + CACHE_MS, expiresAt ? expiresAt.getTime() : Number.POSITIVE_INFINITY);
  entries.set(key, { principal, until });
}

export const forgetCachedAuth = (): void => entries.clear();
