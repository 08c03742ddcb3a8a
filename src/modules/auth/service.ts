import { verify } from '@node-rs/argon2';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, Forbidden, fieldError, Invalid, NotFound, Unauthorized } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { type Actor, allows, mayGrantRole } from '../../core/policy.ts';
import type { Db, Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import { withTenant } from '../../db/tenant.ts';
import * as audit from '../audit/service.ts';
import { tenants } from '../tenants/schema.ts';
import type { Role } from '../users/schema.ts';
import { users } from '../users/schema.ts';
import { hashPassword, publicUser } from '../users/service.ts';
import { cachedPrincipal, cachePrincipal, type Principal } from './cache.ts';
import { revokeAllSessions } from './revoke.ts';
import { apiTokens, sessions, userTokens } from './schema.ts';
import { newSecret, newTenantSecret, parseSessionCookie, secretTenant, sessionCookie, sha256 } from './secrets.ts';

export const SESSION_DAYS = 30;
const DUMMY_HASH = hashPassword('not-a-real-password-but-same-cost');

export interface LoginResult {
  actor: Actor;
  sessionId: string;
  cookieSecret: string;
}

/** Email + password; the tenant is needed only when the email exists in several tenants. */
export async function login(
  db: Db,
  input: { email: string; password: string; tenant?: string; userAgent?: string; ip?: string },
  clock: Clock,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const candidates = await db
    .select({ user: users, slug: tenants.slug })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(sql`lower(${users.email}) = ${email}`, eq(users.active, true)));
  const pool = input.tenant ? candidates.filter((c) => c.slug === input.tenant) : candidates;
  const matches = [];
  for (const c of pool) if (c.user.passwordHash && (await verify(c.user.passwordHash, input.password))) matches.push(c);
  if (pool.length === 0) await verify(await DUMMY_HASH, input.password).catch(() => false); // same cost for unknown emails
  if (matches.length === 0) throw new Unauthorized('Wrong email or password.', 'invalid_credentials');
  if (matches.length > 1)
    throw new Conflict('tenant_required', 'This email belongs to several businesses; choose one.', {
      tenants: matches.map((m) => m.slug),
    });
  const u = matches[0].user;
  const cookieSecret = newSecret();
  const sessionId = newId();
  const actor: Actor = { tenantId: u.tenantId, userId: u.id, role: u.role, kind: 'user', name: u.name };
  await withTenant(db, u.tenantId, async (tx) => {
    await tx.insert(sessions).values({
      tenantId: u.tenantId,
      id: sessionId,
      userId: u.id,
      tokenHash: sha256(cookieSecret),
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip ?? null,
      expiresAt: new Date(clock.now().getTime() + SESSION_DAYS * 86400_000),
    });
    await audit.record(
      tx,
      { actor, requestId: '' },
      { action: 'session.create', entity: 'session', entityId: sessionId },
    );
  });
  return { actor, sessionId, cookieSecret: sessionCookie(sessionId, cookieSecret, u.tenantId) };
}

/** Resolves a session cookie to its principal, or undefined when unknown, expired, revoked or the user is inactive. */
export async function principalFromSession(db: Db, cookie: string, clock: Clock): Promise<Principal | undefined> {
  const cached = cachedPrincipal(cookie);
  if (cached) return cached;
  const now = clock.now();
  const parsed = parseSessionCookie(cookie);
  if (!parsed) return undefined;
  const hash = sha256(parsed.secret);
  const [row] = await db
    .select({ s: sessions, u: users, t: tenants })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(
      and(
        parsed.tenantId
          ? and(eq(sessions.tenantId, parsed.tenantId), eq(sessions.tokenHash, hash))
          : and(eq(sessions.tokenHash, hash), sql`${sessions.legacyFormat}`),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    );
  if (!row || row.s.id !== parsed.sessionId) return undefined;
  const actor: Actor = { tenantId: row.u.tenantId, userId: row.u.id, role: row.u.role, kind: 'user', name: row.u.name };
  const principal: Principal = { actor, sessionId: row.s.id, user: publicUser(row.u), tenant: row.t };
  cachePrincipal(cookie, principal, row.s.expiresAt);
  if (now.getTime() - row.s.lastSeenAt.getTime() > 60_000)
    await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.tenantId, row.s.tenantId), eq(sessions.id, row.s.id)));
  return principal;
}

/**
 * A token acts with the role it was made with, but never with more than its user has now: a demoted admin's
 * admin token acts as what the admin has become.
 */
export function tokenRole(tokenRole: Role, userRole: Role): Role {
  return mayGrantRole(userRole, tokenRole) ? tokenRole : userRole;
}

/**
 * Resolves `Authorization: Bearer gra_…` to a token principal acting with the token's role. A token names its
 * tenant and is found by (tenant_id, token_hash); one issued before migration 0008 only by its hash, among the
 * rows marked legacy_format (docs/scaling.md: retired before distributing with Citus).
 */
export async function principalFromToken(db: Db, token: string, clock: Clock): Promise<Principal | undefined> {
  const cached = cachedPrincipal(token);
  if (cached) return cached;
  const now = clock.now();
  const tenantId = secretTenant(token, 'gra_');
  const hash = sha256(token);
  const [row] = await db
    .select({ k: apiTokens, u: users, t: tenants })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.tenantId, apiTokens.tenantId), eq(users.id, apiTokens.userId)))
    .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
    .where(
      and(
        tenantId
          ? and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.tokenHash, hash))
          : and(eq(apiTokens.tokenHash, hash), sql`${apiTokens.legacyFormat}`),
        isNull(apiTokens.revokedAt),
        eq(users.active, true),
      ),
    );
  if (!row || (row.k.expiresAt && row.k.expiresAt <= now)) return undefined;
  const actor: Actor = {
    tenantId: row.k.tenantId,
    userId: row.u.id,
    role: tokenRole(row.k.role, row.u.role),
    kind: 'token',
    tokenId: row.k.id,
    name: `${row.u.name} (token ${row.k.name})`,
  };
  const principal: Principal = { actor, user: publicUser(row.u), tenant: row.t };
  cachePrincipal(token, principal, row.k.expiresAt);
  if (!row.k.lastUsedAt || now.getTime() - row.k.lastUsedAt.getTime() > 60_000)
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.tenantId, row.k.tenantId), eq(apiTokens.id, row.k.id)));
  return principal;
}

export async function listSessions(ctx: Ctx, currentId?: string) {
  const rows = await ctx.tx((tx) =>
    tx
      .select({
        id: sessions.id,
        userAgent: sessions.userAgent,
        ip: sessions.ip,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
      })
      .from(sessions)
      .where(
        and(
          eq(sessions.tenantId, ctx.actor.tenantId),
          eq(sessions.userId, ctx.actor.userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, ctx.clock.now()),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt)),
  );
  return rows.map((r) => ({ ...r, current: r.id === currentId }));
}

/** Revokes one of the actor's own sessions (logout is revoking the current one). */
export async function revokeSession(ctx: Ctx, id: string): Promise<void> {
  await ctx.tx(async (tx) => {
    const r = await tx
      .update(sessions)
      .set({ revokedAt: ctx.clock.now() })
      .where(
        and(
          eq(sessions.tenantId, ctx.actor.tenantId),
          eq(sessions.id, id),
          eq(sessions.userId, ctx.actor.userId),
          isNull(sessions.revokedAt),
        ),
      )
      .returning({ id: sessions.id });
    if (r.length === 0) throw new NotFound('session');
    await audit.record(tx, ctx, { action: 'session.revoke', entity: 'session', entityId: id });
    await emit(tx, eventBy(ctx, 'session.revoked', id, { userId: ctx.actor.userId }));
  });
}

/** Changing the password signs out every other session of the user. */
export async function changePassword(ctx: Ctx, current: string, next: string, sessionId?: string): Promise<void> {
  if (ctx.actor.kind !== 'user') throw new Forbidden('API tokens cannot change passwords.');
  await ctx.tx(async (tx) => {
    const [u] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, ctx.actor.userId)));
    if (!u?.passwordHash || !(await verify(u.passwordHash, current)))
      throw new Invalid(
        [fieldError('body.currentPassword', 'wrong_password')],
        'The current password is wrong.',
        'wrong_password',
      );
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(next), updatedAt: ctx.clock.now() })
      .where(and(eq(users.tenantId, u.tenantId), eq(users.id, u.id)));
    await revokeAllSessions(tx, u.tenantId, u.id, ctx.clock.now(), sessionId);
    await audit.record(tx, ctx, { action: 'user.password_change', entity: 'user', entityId: u.id });
  });
}

/** Issues a one-time link secret (reset or invite) for a user; the caller delivers it. */
export async function issueUserToken(
  tx: Tx,
  tenantId: string,
  userId: string,
  purpose: 'reset' | 'invite',
  now: Date,
): Promise<string> {
  const secret = newTenantSecret(purpose === 'reset' ? 'rst_' : 'inv_', tenantId);
  const hours = purpose === 'reset' ? 2 : 24 * 7;
  await tx.insert(userTokens).values({
    tenantId,
    id: newId(),
    userId,
    purpose,
    tokenHash: sha256(secret),
    expiresAt: new Date(now.getTime() + hours * 3600_000),
  });
  return secret;
}

/** Finds the active users with this email, for a reset request (system context: no tenant yet). */
export async function usersByEmail(db: Db, email: string) {
  return db
    .select({ tenantId: users.tenantId, id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, eq(users.active, true)));
}

/**
 * Sets a new password from a reset or invite link; the link works once, even under concurrent use: the link is
 * consumed by one conditional UPDATE in the same transaction as the new password, so of eight simultaneous
 * confirmations exactly one finds it unused (the others wait on its row lock, then match nothing).
 */
export async function redeemUserToken(db: Db, secret: string, password: string, clock: Clock): Promise<void> {
  const now = clock.now();
  const invalid = () =>
    new Invalid([fieldError('body.token', 'link_invalid')], 'This link is no longer valid.', 'invalid_token');
  const hash = sha256(secret);
  const tenantId = secretTenant(secret, 'rst_') ?? secretTenant(secret, 'inv_');
  const [found] = await db
    .select({ tenantId: userTokens.tenantId })
    .from(userTokens)
    .where(
      and(
        tenantId
          ? and(eq(userTokens.tenantId, tenantId), eq(userTokens.tokenHash, hash))
          : and(eq(userTokens.tokenHash, hash), sql`${userTokens.legacyFormat}`),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    );
  if (!found) throw invalid();
  const passwordHash = await hashPassword(password);
  await withTenant(db, found.tenantId, async (tx) => {
    const [t] = await tx
      .update(userTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(userTokens.tenantId, found.tenantId),
          eq(userTokens.tokenHash, hash),
          isNull(userTokens.usedAt),
          gt(userTokens.expiresAt, now),
        ),
      )
      .returning();
    if (!t) throw invalid();
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(users.tenantId, t.tenantId), eq(users.id, t.userId)));
    await revokeAllSessions(tx, t.tenantId, t.userId, now);
    const actor: Actor = { tenantId: t.tenantId, userId: t.userId, role: 'sales', kind: 'user', name: 'password link' };
    await audit.record(
      tx,
      { actor, requestId: '' },
      { action: `user.password_${t.purpose}`, entity: 'user', entityId: t.userId },
    );
  });
}

// ---- API tokens ----

export async function createToken(ctx: Ctx, input: { name: string; role?: Role; expiresAt?: Date | null }) {
  if (!allows(ctx.actor, 'token.manage') || ctx.actor.kind !== 'user')
    throw new Forbidden('Sign in as a user to create API tokens.');
  const role = input.role ?? ctx.actor.role;
  if (!mayGrantRole(ctx.actor.role, role)) throw new Forbidden(`A token cannot have more power than you: ${role}.`);
  const secret = newTenantSecret('gra_', ctx.actor.tenantId);
  return ctx.tx(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        tenantId: ctx.actor.tenantId,
        id: newId(),
        userId: ctx.actor.userId,
        name: input.name,
        role,
        prefix: secret.slice(0, 10),
        tokenHash: sha256(secret),
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    await audit.record(tx, ctx, {
      action: 'token.create',
      entity: 'api_token',
      entityId: row.id,
      changes: audit.diff(null, { name: row.name, role }),
    });
    const { tokenHash: _, legacyFormat: __, ...pub } = row;
    return { ...pub, token: secret };
  });
}

/** Admins see every token of the tenant; others their own. */
export async function listTokens(ctx: Ctx) {
  const all = allows(ctx.actor, 'user.manage');
  const rows = await ctx.tx((tx) =>
    tx
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.tenantId, ctx.actor.tenantId),
          isNull(apiTokens.revokedAt),
          all ? undefined : eq(apiTokens.userId, ctx.actor.userId),
        ),
      )
      .orderBy(desc(apiTokens.createdAt)),
  );
  return rows.map(({ tokenHash: _, legacyFormat: __, ...r }) => r);
}

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  const all = allows(ctx.actor, 'user.manage');
  await ctx.tx(async (tx) => {
    const r = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(
        and(
          eq(apiTokens.tenantId, ctx.actor.tenantId),
          eq(apiTokens.id, id),
          isNull(apiTokens.revokedAt),
          all ? undefined : eq(apiTokens.userId, ctx.actor.userId),
        ),
      )
      .returning({ id: apiTokens.id, userId: apiTokens.userId });
    if (r.length === 0) throw new NotFound('token');
    await audit.record(tx, ctx, { action: 'token.revoke', entity: 'api_token', entityId: id });
    await emit(tx, eventBy(ctx, 'token.revoked', id, { userId: r[0].userId }));
  });
}
