import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { can } from '../../core/policy.ts';
import { rows, type Tx } from '../../db/client.ts';
import { tenantInTx, tenantSettings } from '../tenants/service.ts';
import { userNames } from '../users/service.ts';
import { normalizeEmail, normalizePhone } from './phones.ts';
import { customerChannels, customers } from './schema.ts';

/**
 * An existing customer with the same phone, email or tax id, told only as far as the actor may see it: for one the
 * actor may not see, only that it exists and on what it matched — no id, no name — and its owner's name (whom to
 * ask) only where the business allows it (tenants.show_duplicate_owner, off by default).
 */
export interface DuplicateMatch {
  id: string | null;
  name: string | null;
  ownerName: string | null;
  matchedOn: 'phone' | 'email' | 'tax_id' | 'name';
  visible: boolean;
}

/** The new-customer form's live warning: what is typed, normalized as a save would, matched as a save would. */
export async function checkDuplicates(
  ctx: Ctx,
  typed: { phone?: string; email?: string; taxId?: string; name?: string },
): Promise<DuplicateMatch[]> {
  const region = (await tenantSettings(ctx.db, ctx.actor.tenantId)).phoneRegion;
  const phone = typed.phone ? normalizePhone(typed.phone, region) : null;
  const email = typed.email ? normalizeEmail(typed.email) : null;
  return ctx.tx((tx) =>
    findDuplicates(ctx, tx, {
      phones: phone ? [phone.normalized] : [],
      emails: email ? [email] : [],
      taxId: typed.taxId?.trim() || null,
      name: typed.name?.trim() || null,
    }),
  );
}

export async function findDuplicates(
  ctx: Ctx,
  tx: Tx,
  keys: { phones?: string[]; emails?: string[]; taxId?: string | null; name?: string | null },
  excludeId?: string,
): Promise<DuplicateMatch[]> {
  const t = ctx.actor.tenantId;
  const found: { id: string; matchedOn: DuplicateMatch['matchedOn'] }[] = [];
  const chan = async (kind: 'phone' | 'email', values: string[]) => {
    if (values.length === 0) return;
    const r = await tx
      .selectDistinct({ id: customerChannels.customerId })
      .from(customerChannels)
      .where(
        and(
          eq(customerChannels.tenantId, t),
          eq(customerChannels.kind, kind),
          inArray(customerChannels.normalized, values),
        ),
      );
    for (const x of r) found.push({ id: x.id, matchedOn: kind });
  };
  await chan('phone', keys.phones ?? []);
  await chan('email', keys.emails ?? []);
  if (keys.taxId) {
    const r = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, t), eq(customers.taxId, keys.taxId)));
    for (const x of r) found.push({ id: x.id, matchedOn: 'tax_id' });
  }
  if (keys.name) {
    const r = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, t), eq(customers.name, keys.name.trim())));
    for (const x of r) found.push({ id: x.id, matchedOn: 'name' });
  }
  const ids = [...new Set(found.map((f) => f.id))].filter((id) => id !== excludeId);
  if (ids.length === 0) return [];
  const live = await tx
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
    .from(customers)
    .where(and(eq(customers.tenantId, t), inArray(customers.id, ids), isNull(customers.mergedIntoId)));
  const owners = await userNames(
    tx,
    t,
    live.map((l) => l.ownerId),
  );
  const reach = await ctx.reach(tx);
  const revealOwner = (await tenantInTx(tx, t)).showDuplicateOwner;
  const out = live.map((c) => {
    const visible = can(ctx.actor, 'customer.read', { ownerId: c.ownerId }, reach);
    const ownerName = c.ownerId ? (owners.get(c.ownerId) ?? null) : null;
    return {
      id: visible ? c.id : null,
      name: visible ? c.name : null,
      ownerName: visible || revealOwner ? ownerName : null,
      matchedOn: found.find((f) => f.id === c.id)!.matchedOn,
      visible,
    };
  });
  // Hidden matches carry nothing that tells them apart: report one of them, after the visible ones.
  const hidden = out.find((m) => !m.visible);
  return [...out.filter((m) => m.visible), ...(hidden ? [hidden] : [])];
}

export interface DuplicateGroup {
  reason: 'phone' | 'email' | 'name_city';
  key: string;
  customers: { id: string; name: string; ownerName: string | null }[];
}

/** Groups of live customers sharing a phone or email, or the same name in the same city (visible ones only). */
export async function duplicateReport(ctx: Ctx, limit = 100): Promise<DuplicateGroup[]> {
  const t = ctx.actor.tenantId;
  return ctx.tx(async (tx) => {
    // Shared phones/emails in two steps: the values held more than once, from the channel index alone (no join,
    // no distinct: ~1 s at 1M customers where the one-query form took 10 s), then those few values' live customers.
    const shared = await rows<{ kind: string; normalized: string }>(
      tx,
      sql`select kind, normalized from customer_channels
           where tenant_id = ${t} and kind in ('phone', 'email')
           group by kind, normalized having count(*) > 1 limit ${limit * 2}`, // room for values one customer holds twice
    );
    const groups = await rows<{ reason: 'phone' | 'email' | 'name_city'; key: string; ids: string[] }>(
      tx,
      sql`
      (select ch.kind as reason, ch.normalized as key, array_agg(distinct ch.customer_id) as ids
         from customer_channels ch join customers c on c.tenant_id = ch.tenant_id and c.id = ch.customer_id
        where ch.tenant_id = ${t} and c.merged_into_id is null
          and (ch.kind, ch.normalized) in (select * from unnest(${sql.param(shared.map((x) => x.kind))}::text[],
                                                                 ${sql.param(shared.map((x) => x.normalized))}::text[]))
        group by ch.kind, ch.normalized having count(distinct ch.customer_id) > 1 limit ${limit})
      union all
      (select 'name_city' as reason, c.name || ' / ' || a.city as key, array_agg(distinct c.id) as ids
         from customers c join customer_addresses a on a.tenant_id = c.tenant_id and a.customer_id = c.id
        where c.tenant_id = ${t} and c.merged_into_id is null and a.city is not null
        group by c.name, a.city having count(distinct c.id) > 1 limit ${limit})`,
    );
    const all = [...new Set(groups.flatMap((g) => g.ids))];
    if (all.length === 0) return [];
    const rowsById = new Map(
      (
        await tx
          .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
          .from(customers)
          .where(and(eq(customers.tenantId, t), inArray(customers.id, all)))
      ).map((r) => [r.id, r]),
    );
    const owners = await userNames(
      tx,
      t,
      [...rowsById.values()].map((r) => r.ownerId),
    );
    const reach = await ctx.reach(tx);
    return groups
      .map((g) => ({
        reason: g.reason,
        key: g.key,
        customers: g.ids
          .map((id) => rowsById.get(id))
          .filter(
            (c): c is NonNullable<typeof c> => !!c && can(ctx.actor, 'customer.read', { ownerId: c.ownerId }, reach),
          )
          .map((c) => ({ id: c.id, name: c.name, ownerName: c.ownerId ? (owners.get(c.ownerId) ?? null) : null })),
      }))
      .filter((g) => g.customers.length > 1);
  });
}
