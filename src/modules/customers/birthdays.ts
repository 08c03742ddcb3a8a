import { and, asc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { ownerFilter } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { contactLinks, customers } from './schema.ts';

/** Whose customers' birthdays My day shows, as a condition on an owner column. */
async function birthdayOwners(ctx: Ctx, tx: Tx): Promise<(owner: SQL) => SQL> {
  const role = ctx.actor.role;
  if (role === 'sales' || role === 'service') return (owner) => sql`${owner} = ${ctx.actor.userId}`;
  const v = ownerFilter(ctx.actor, 'customer.read', await ctx.reach(tx));
  if (v.kind === 'all') return () => sql`true`;
  if (v.kind === 'none') return () => sql`false`;
  return (owner) =>
    v.includeUnowned
      ? sql`(${owner} = any(${sql.param(v.ownerIds)}::uuid[]) or ${owner} is null)`
      : sql`${owner} = any(${sql.param(v.ownerIds)}::uuid[])`;
}

/**
 * Whose birthday it is on one of `days` (Feb 29 birthdays are asked for on Feb 28 in common years): customers and
 * the contact persons of organizations, among the customers the actor greets — a rep their own, an owner or
 * manager every one they may see. A contact person comes with their organization, also when they are a customer
 * the actor sees in their own right. At most `limit` of each.
 */
export async function birthdaysOn(ctx: Ctx, tx: Tx, days: { month: number; day: number }[], limit: number) {
  const t = ctx.actor.tenantId;
  const dayMatch = or(...days.map((k) => and(eq(customers.birthMonth, k.month), eq(customers.birthDay, k.day))))!;
  const whose = await birthdayOwners(ctx, tx);
  const mine = await tx
    .select({ id: customers.id, name: customers.name, birthYear: customers.birthYear })
    .from(customers)
    .where(and(eq(customers.tenantId, t), whose(sql`customers.owner_id`), dayMatch, isNull(customers.archivedAt)))
    .orderBy(asc(customers.sortKey))
    .limit(limit);
  const contacts = await tx
    .select({
      id: customers.id,
      name: customers.name,
      birthYear: customers.birthYear,
      organizationName: sql<string>`org.name`,
    })
    .from(contactLinks)
    .innerJoin(customers, and(eq(customers.tenantId, contactLinks.tenantId), eq(customers.id, contactLinks.personId)))
    .innerJoin(
      sql`customers org`,
      sql`org.tenant_id = ${contactLinks.tenantId} and org.id = ${contactLinks.organizationId}`,
    )
    .where(
      and(
        eq(contactLinks.tenantId, t),
        whose(sql`org.owner_id`),
        sql`org.archived_at is null`,
        isNull(contactLinks.until),
        isNull(customers.archivedAt),
        dayMatch,
      ),
    )
    .limit(limit);
  const asContact = new Set(contacts.map((c) => c.id));
  return [
    ...mine
      .filter((m) => !asContact.has(m.id))
      .map((m) => ({
        customerId: m.id,
        name: m.name,
        birthYear: m.birthYear,
        kind: 'customer' as const,
        organizationName: null,
      })),
    ...[...new Map(contacts.map((c) => [c.id, c])).values()].map((c) => ({
      customerId: c.id,
      name: c.name,
      birthYear: c.birthYear,
      kind: 'contact' as const,
      organizationName: c.organizationName,
    })),
  ];
}
