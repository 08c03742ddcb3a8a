import { asc, eq, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, Forbidden, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import type { TenantZones } from '../../core/jobs/tick.ts';
import { allows } from '../../core/policy.ts';
import { type Db, rows, type Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import { transaction, withTenant } from '../../db/tenant.ts';
import * as audit from '../audit/service.ts';
import { insertUser, type PublicUser, publicUser } from '../users/service.ts';
import { DEFAULTS, type Locale, slugify } from './rules.ts';
import { tenants } from './schema.ts';

export type Tenant = typeof tenants.$inferSelect;

export interface SetupInput {
  tenant: { name: string; locale: Locale; currency?: string; timezone?: string; region?: string };
  owner: { name: string; email: string; password: string };
}

/** True while the database holds no tenant: the first visit then shows the setup page. */
export async function needsSetup(db: Db): Promise<boolean> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from tenants`);
  return Number(r.n) === 0;
}

/**
 * Creates a tenant and its owner. With onlyIfEmpty (the web setup page) it refuses once any tenant exists;
 * the CLI may add further tenants to a hosted install.
 */
export async function createTenant(
  db: Db,
  input: SetupInput,
  onlyIfEmpty: boolean,
): Promise<{ tenant: Tenant; owner: PublicUser }> {
  const d = DEFAULTS[input.tenant.locale];
  const tenantId = newId();
  return transaction(db, async (sys) => {
    await sys.execute(sql`select pg_advisory_xact_lock(734001)`);
    if (onlyIfEmpty) {
      const [r] = await rows<{ n: number }>(sys, sql`select count(*)::int as n from tenants`);
      if (Number(r.n) > 0) throw new Conflict('already_set_up', 'Granary is already set up. Sign in instead.');
    }
    const [tenant] = await sys
      .insert(tenants)
      .values({
        id: tenantId,
        name: input.tenant.name.trim(),
        slug: slugify(input.tenant.name, tenantId.slice(-6)),
        locale: input.tenant.locale,
        currency: input.tenant.currency ?? d.currency,
        timezone: input.tenant.timezone ?? d.timezone,
        phoneRegion: input.tenant.region ?? d.region,
      })
      .returning();
    return { tenant, owner: await createOwner(sys, tenant, input) };
  });

  async function createOwner(sys: Tx, tenant: Tenant, inp: SetupInput) {
    // Switch this same transaction to the tenant's RLS context for the owner row and the audit entry.
    await sys.execute(
      sql`select set_config('app.tenant_id', ${tenant.id}, true), set_config('role', 'granary_app', true)`,
    );
    const owner = await insertUser(sys, tenant.id, { ...inp.owner, role: 'owner', locale: inp.tenant.locale });
    const actor = {
      tenantId: tenant.id,
      userId: owner.id,
      role: 'owner' as const,
      kind: 'user' as const,
      name: owner.name,
    };
    await audit.record(
      sys,
      { actor, requestId: '' },
      { action: 'tenant.create', entity: 'tenant', entityId: tenant.id, changes: audit.diff(null, tenant) },
      { action: 'user.create', entity: 'user', entityId: owner.id, changes: audit.diff(null, publicUser(owner)) },
    );
    await emit(
      sys,
      eventBy({ actor }, 'tenant.created', tenant.id, { name: tenant.name }),
      eventBy({ actor }, 'user.created', owner.id, { role: owner.role }),
    );
    return publicUser(owner);
  }
}

export async function getTenant(ctx: Ctx): Promise<Tenant> {
  const [t] = await ctx.tx((tx) => tx.select().from(tenants).where(eq(tenants.id, ctx.actor.tenantId)));
  if (!t) throw new NotFound('tenant');
  return t;
}

/**
 * Tenant settings as other modules need them (currency, zone, phone region) outside a transaction, kept a few
 * seconds: search reads the phone region on every keystroke. A change in this process clears it after its commit
 * (the tenant.updated event, tenants/index.ts); other processes see it within SETTINGS_CACHE_MS, like the auth cache.
 */
const SETTINGS_CACHE_MS = 5_000;
const settingsCache = new Map<string, { tenant: Tenant; until: number }>();

/** The cached row, or the one `read` gives, kept SETTINGS_CACHE_MS. */
async function cachedTenant(tenantId: string, read: () => Promise<Tenant>): Promise<Tenant> {
  const hit = settingsCache.get(tenantId);
  if (hit && hit.until > Date.now()) return hit.tenant;
  const t = await read();
  if (settingsCache.size > 10_000) settingsCache.clear();
  settingsCache.set(tenantId, { tenant: t, until: Date.now() + SETTINGS_CACHE_MS });
  return t;
}

/** Heard after a tenant.updated commits. */
export const forgetTenantSettings = (tenantId: string): void => {
  settingsCache.delete(tenantId);
};

export const tenantSettings = (db: Db, tenantId: string): Promise<Tenant> =>
  cachedTenant(tenantId, () => withTenant(db, tenantId, (tx) => tenantInTx(tx, tenantId)));

/** The same cached settings inside a transaction (a customer write needs the phone region on every save). */
export const tenantCachedInTx = (tx: Tx, tenantId: string): Promise<Tenant> =>
  cachedTenant(tenantId, () => tenantInTx(tx, tenantId));

export type TenantPatch = Partial<
  Pick<Tenant, 'name' | 'currency' | 'timezone' | 'phoneRegion' | 'locale' | 'showDuplicateOwner'>
>;

export async function updateTenant(ctx: Ctx, patch: TenantPatch): Promise<Tenant> {
  if (!allows(ctx.actor, 'tenant.manage')) throw new Forbidden('Only owners and admins change the business profile.');
  return ctx.tx(async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, ctx.actor.tenantId));
    const [after] = await tx
      .update(tenants)
      .set({ ...patch, updatedAt: ctx.clock.now() })
      .where(eq(tenants.id, ctx.actor.tenantId))
      .returning();
    const changes = audit.diff(before, after);
    await audit.record(tx, ctx, { action: 'tenant.update', entity: 'tenant', entityId: after.id, changes });
    // Heard after the commit: the settings cache here and the auth cache (/me serves the tenant from it).
    await emit(tx, eventBy(ctx, 'tenant.updated', after.id, { fields: Object.keys(changes) }));
    return after;
  });
}

/** For `granary tenant list` (system context). */
export async function listTenants(db: Db): Promise<Tenant[]> {
  return db.select().from(tenants).orderBy(asc(tenants.createdAt));
}

export async function findTenant(db: Db, idOrSlug: string): Promise<Tenant | undefined> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [t] = await db
    .select()
    .from(tenants)
    .where(isUuid ? eq(tenants.id, idOrSlug) : eq(tenants.slug, idOrSlug));
  return t;
}

/** The tenant row inside a caller's transaction (currency, time zone and phone region for other modules). */
export async function tenantInTx(tx: Tx, tenantId: string): Promise<Tenant> {
  const [t] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new NotFound('tenant');
  return t;
}

/** The job engine's view of tenants: which time zones exist, and who lives in each (schedules fan out by it). */
export function tenantZones(db: Db): TenantZones {
  return {
    zones: async () =>
      (await rows<{ timezone: string }>(db, sql`select distinct timezone from tenants`)).map((r) => r.timezone),
    tenantsIn: async (zone, at) =>
      (
        await rows<{ id: string }>(
          db,
          sql`select id from tenants where timezone = ${zone} and created_at <= ${at.toISOString()}::timestamptz
              order by id`,
        )
      ).map((r) => r.id),
  };
}
