import { and, eq, inArray } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Forbidden, fieldError, Invalid, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { allows, can } from '../../core/policy.ts';
import * as audit from '../audit/service.ts';
import { activeUsers, findUser } from '../users/service.ts';
import { customers } from './schema.ts';

/** How many files one bulk change may touch (a list page's worth, selected by hand). */
export const MAX_OWNER_CHANGE = 500;

export interface OwnerChange {
  ids: string[];
  ownerId: string | null;
}

/**
 * Gives customers a new owner (or releases them to the shared pool when `ownerId` is null), all or nothing:
 * every id must be a customer the actor may change (else 404 for what they cannot see, 403 for what they may only
 * read), and the new owner must be an active colleague within the actor's own reach. One audit entry per file.
 */
export async function changeOwner(
  ctx: Ctx,
  input: OwnerChange,
): Promise<{ updated: number; ownerId: string | null; ownerName: string | null }> {
  if (!allows(ctx.actor, 'customer.update')) throw new Forbidden('You may not change customers.');
  const ids = [...new Set(input.ids)];
  if (ids.length > 1 && !allows(ctx.actor, 'customer.bulk'))
    throw new Forbidden('You may not change customers in bulk.');
  const t = ctx.actor.tenantId;
  return ctx.tx(async (tx) => {
    const reach = await ctx.reach(tx);
    let ownerName: string | null = null;
    if (input.ownerId !== null) {
      const u = await findUser(tx, t, input.ownerId);
      if (!u?.active) throw new Invalid([fieldError('body.ownerId', 'unknown_user')]);
      if (!can(ctx.actor, 'customer.update', { ownerId: input.ownerId }, reach))
        throw new Forbidden('You may not give customers to this user.');
      ownerName = u.name;
    }
    const rows = await tx
      .select({
        id: customers.id,
        name: customers.name,
        ownerId: customers.ownerId,
        mergedIntoId: customers.mergedIntoId,
      })
      .from(customers)
      .where(and(eq(customers.tenantId, t), inArray(customers.id, ids)));
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const c = found.get(id);
      if (!c || c.mergedIntoId || !can(ctx.actor, 'customer.read', c, reach)) throw new NotFound('customer');
    }
    if (rows.some((c) => !can(ctx.actor, 'customer.update', c, reach)))
      throw new Forbidden('You may not change the owner of some of these customers.');
    const changing = rows.filter((c) => c.ownerId !== input.ownerId);
    if (changing.length === 0) return { updated: 0, ownerId: input.ownerId, ownerName };
    await tx
      .update(customers)
      .set({ ownerId: input.ownerId, updatedAt: ctx.clock.now() })
      .where(
        and(
          eq(customers.tenantId, t),
          inArray(
            customers.id,
            changing.map((c) => c.id),
          ),
        ),
      );
    await audit.record(
      tx,
      ctx,
      ...changing.map((c) => ({
        action: 'customer.assign',
        entity: 'customer',
        entityId: c.id,
        changes: { ownerId: { from: c.ownerId, to: input.ownerId } },
      })),
    );
    // Owner names appear in other files' links too: the file cache forgets the tenant's files (customers/index.ts).
    await emit(
      tx,
      ...changing.map((c) =>
        eventBy(ctx, 'customer.owner_changed', c.id, {
          ownerId: input.ownerId,
          previousOwnerId: c.ownerId,
          customerName: c.name,
        }),
      ),
    );
    return { updated: changing.length, ownerId: input.ownerId, ownerName };
  });
}

/** Active colleagues the actor may give customers (or tasks) to: the owner pickers offer exactly these. */
export async function assignees(
  ctx: Ctx,
  kind: 'customer' | 'task',
): Promise<{ id: string; name: string; role: string }[]> {
  const action = kind === 'customer' ? 'customer.update' : 'task.manage';
  if (!allows(ctx.actor, action)) return [];
  return ctx.tx(async (tx) => {
    const reach = await ctx.reach(tx);
    const all = await activeUsers(tx, ctx.actor.tenantId);
    return all.filter((u) => can(ctx.actor, action, { ownerId: u.id }, reach));
  });
}
