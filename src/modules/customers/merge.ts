import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, invalidField, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { rows } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { mergeMovers } from './file-parts.ts';
import { toFull } from './read.ts';
import { contactLinks, customerAddresses, customerChannels, customerMerges, customers } from './schema.ts';
import { requireVisibleCustomer } from './service.ts';
import { refreshSummaryColumns } from './summary.ts';

/** Fields a user may take from the merged-away customer instead of the survivor. */
export const PICKABLE = [
  'name',
  'familyName',
  'givenName',
  'reading',
  'honorific',
  'gender',
  'birthYear',
  'birthMonth',
  'birthDay',
  'legalName',
  'industry',
  'size',
  'taxId',
  'grade',
  'source',
  'stage',
  'referrerId',
  'ownerId',
  'notes',
  'searchTokens',
  'searchLatin',
  'searchInitials',
  'searchKana',
  'sortKey',
] as const;
const NAME_KEYS = ['searchTokens', 'searchLatin', 'searchInitials', 'searchKana', 'sortKey', 'reading'] as const;
type Pick = Partial<Record<string, 'this' | 'other'>>;

type Row = typeof customers.$inferSelect;
const snapshot = (r: Row) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>;

/**
 * Merges `otherId` into `survivorId`: survivor keeps its values unless `pick` says other; channels, addresses,
 * contact links, referrals and every registered mover's rows (orders, interactions, tasks, …) move over; the other
 * customer is archived with mergedIntoId. Everything moved is recorded so the merge can be undone.
 */
export async function mergeCustomers(ctx: Ctx, survivorId: string, otherId: string, pick: Pick) {
  const now = ctx.clock.now();
  if (survivorId === otherId) throw invalidField('body.otherId', 'merge_self');
  const t = ctx.actor.tenantId;
  return ctx.tx(async (tx) => {
    const survivor = await requireVisibleCustomer(ctx, tx, survivorId, 'customer.merge');
    const other = await requireVisibleCustomer(ctx, tx, otherId, 'customer.merge');
    if (survivor.kind !== other.kind) throw invalidField('body.otherId', 'merge_kinds');
    for (const k of Object.keys(pick))
      if (!(PICKABLE as readonly string[]).includes(k) && k !== 'custom' && k !== 'tags')
        throw invalidField(`body.pick.${k}`, 'not_pickable');
    const values: Partial<Row> = { updatedAt: now };
    for (const k of PICKABLE) if (pick[k] === 'other') (values as Record<string, unknown>)[k] = other[k];
    if (pick.name === 'other') for (const k of NAME_KEYS) (values as Record<string, unknown>)[k] = other[k];
    values.tags = [...new Set([...survivor.tags, ...other.tags])];
    values.custom =
      pick.custom === 'other' ? { ...survivor.custom, ...other.custom } : { ...other.custom, ...survivor.custom };
    const moved: Record<string, string[]> = {};
    const move = async (name: string, table: typeof customerChannels | typeof customerAddresses) => {
      const r = await tx
        .update(table)
        .set({ customerId: survivorId })
        .where(and(eq(table.tenantId, t), eq(table.customerId, otherId)))
        .returning({ id: table.id });
      moved[name] = r.map((x) => x.id);
    };
    await move('channels', customerChannels);
    await move('addresses', customerAddresses);
    // A link the survivor already has (both people were contacts of the same organization) stays with the
    // merged-away customer, hidden with it and back on undo, instead of showing the same contact twice.
    const linkMove = async (name: string, side: 'organization_id' | 'person_id') => {
      const col = sql.identifier(side);
      const peer = sql.identifier(side === 'organization_id' ? 'person_id' : 'organization_id');
      const r = await rows<{ id: string }>(
        tx,
        sql`update contact_links l set ${col} = ${survivorId}
            where l.tenant_id = ${t} and l.${col} = ${otherId}
              and not exists (select 1 from contact_links s
                              where s.tenant_id = l.tenant_id and s.${col} = ${survivorId} and s.${peer} = l.${peer})
            returning l.id`,
      );
      moved[name] = r.map((x) => x.id);
    };
    await linkMove('linksAsOrganization', 'organization_id');
    await linkMove('linksAsPerson', 'person_id');
    const referred = await tx
      .update(customers)
      .set({ referrerId: survivorId })
      .where(and(eq(customers.tenantId, t), eq(customers.referrerId, otherId)))
      .returning({ id: customers.id });
    moved.referrals = referred.map((x) => x.id);
    for (const mover of mergeMovers()) moved[`mover:${mover.name}`] = await mover.move(tx, t, otherId, survivorId);
    if (values.referrerId === survivorId) values.referrerId = null;
    const [after] = await tx
      .update(customers)
      .set(values)
      .where(and(eq(customers.tenantId, t), eq(customers.id, survivorId)))
      .returning();
    await tx
      .update(customers)
      .set({ mergedIntoId: survivorId, archivedAt: other.archivedAt ?? now, updatedAt: now })
      .where(and(eq(customers.tenantId, t), eq(customers.id, otherId)));
    await refreshSummaryColumns(tx, t, [survivorId, otherId]); // channels and addresses moved
    const mergeId = newId();
    await tx.insert(customerMerges).values({
      tenantId: t,
      id: mergeId,
      survivorId,
      mergedId: otherId,
      survivorBefore: snapshot(survivor),
      mergedBefore: snapshot(other),
      moved,
      createdBy: ctx.actor.userId,
    });
    await audit.record(
      tx,
      ctx,
      {
        action: 'customer.merge',
        entity: 'customer',
        entityId: survivorId,
        changes: {
          ...audit.diff(survivor, after),
          mergedFrom: { from: null, to: { id: otherId, name: other.name, mergeId } },
        },
      },
      {
        action: 'customer.merged_into',
        entity: 'customer',
        entityId: otherId,
        changes: { mergedIntoId: { from: null, to: survivorId } },
      },
    );
    await emit(tx, eventBy(ctx, 'customer.merged', survivorId, { mergeId, mergedId: otherId }));
    return { customer: await toFull(tx, t, after), mergeId };
  });
}

const DATE_FIELDS = [
  'lastInteractionAt',
  'firstPurchaseAt',
  'lastPurchaseAt',
  'archivedAt',
  'createdAt',
  'updatedAt',
] as const;
function restore(s: Record<string, unknown>): Partial<Row> {
  const out: Record<string, unknown> = { ...s };
  for (const k of DATE_FIELDS) out[k] = s[k] ? new Date(String(s[k])) : null;
  delete out.tenantId;
  delete out.id;
  return out as Partial<Row>;
}

/** Puts everything back where it was before the merge; refuses twice. */
export async function undoMerge(ctx: Ctx, mergeId: string) {
  const now = ctx.clock.now();
  const t = ctx.actor.tenantId;
  return ctx.tx(async (tx) => {
    const [m] = await tx
      .select()
      .from(customerMerges)
      .where(and(eq(customerMerges.tenantId, t), eq(customerMerges.id, mergeId)));
    if (!m) throw new NotFound('merge');
    await requireVisibleCustomer(ctx, tx, m.survivorId, 'customer.merge');
    if (m.undoneAt) throw new Conflict('already_undone', 'This merge has already been undone.');
    const back = async (ids: string[] | undefined, fn: (ids: string[]) => Promise<unknown>) => {
      if (ids?.length) await fn(ids);
    };
    await back(m.moved.channels, (ids) =>
      tx
        .update(customerChannels)
        .set({ customerId: m.mergedId })
        .where(and(eq(customerChannels.tenantId, t), inArray(customerChannels.id, ids))),
    );
    await back(m.moved.addresses, (ids) =>
      tx
        .update(customerAddresses)
        .set({ customerId: m.mergedId })
        .where(and(eq(customerAddresses.tenantId, t), inArray(customerAddresses.id, ids))),
    );
    await back(m.moved.linksAsOrganization, (ids) =>
      tx
        .update(contactLinks)
        .set({ organizationId: m.mergedId })
        .where(and(eq(contactLinks.tenantId, t), inArray(contactLinks.id, ids))),
    );
    await back(m.moved.linksAsPerson, (ids) =>
      tx
        .update(contactLinks)
        .set({ personId: m.mergedId })
        .where(and(eq(contactLinks.tenantId, t), inArray(contactLinks.id, ids))),
    );
    await back(m.moved.referrals, (ids) =>
      tx
        .update(customers)
        .set({ referrerId: m.mergedId })
        .where(and(eq(customers.tenantId, t), inArray(customers.id, ids))),
    );
    for (const mover of mergeMovers())
      await back(m.moved[`mover:${mover.name}`], (ids) => mover.moveBack(tx, t, ids, m.mergedId));
    await tx
      .update(customers)
      .set({ ...restore(m.mergedBefore), updatedAt: now })
      .where(and(eq(customers.tenantId, t), eq(customers.id, m.mergedId)));
    await tx
      .update(customers)
      .set({ ...restore(m.survivorBefore), updatedAt: now })
      .where(and(eq(customers.tenantId, t), eq(customers.id, m.survivorId)));
    await refreshSummaryColumns(tx, t, [m.survivorId, m.mergedId]); // channels and addresses moved back
    const [survivor] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, t), eq(customers.id, m.survivorId)));
    await tx
      .update(customerMerges)
      .set({ undoneAt: now })
      .where(and(eq(customerMerges.tenantId, t), eq(customerMerges.id, mergeId)));
    await audit.record(tx, ctx, {
      action: 'customer.merge_undo',
      entity: 'customer',
      entityId: m.survivorId,
      changes: { restored: { from: null, to: m.mergedId } },
    });
    await emit(tx, eventBy(ctx, 'customer.merge_undone', m.survivorId, { mergeId, restoredId: m.mergedId }));
    return { customer: await toFull(tx, t, survivor), restoredId: m.mergedId };
  });
}
