import { and, eq } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { type FieldError, Forbidden, fieldError, Invalid, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { newestFirst, type Page } from '../../core/pagination.ts';
import { can } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { linkedPersons, requireVisibleCustomer, touchLastInteraction } from '../customers/service.ts';
import { type DIRECTIONS, type INTERACTION_TYPES, interactions, type PRIORITIES, type SENTIMENTS } from './schema.ts';
import { insertTask } from './tasks.ts';

export type Interaction = typeof interactions.$inferSelect;

export interface InteractionInput {
  customerId: string;
  type: (typeof INTERACTION_TYPES)[number];
  direction?: (typeof DIRECTIONS)[number] | null;
  occurredAt?: Date;
  durationMinutes?: number | null;
  contactIds?: string[];
  summary: string;
  outcome?: string | null;
  sentiment?: (typeof SENTIMENTS)[number] | null;
  nextStep?: {
    title: string;
    dueAt: Date;
    assigneeId?: string;
    priority?: (typeof PRIORITIES)[number];
    notes?: string | null;
  } | null;
}

/**
 * The people a diary entry names must be the customer itself or contacts linked to it (which also keeps other
 * tenants' and unknown ids out): one query for all of them.
 */
async function contactErrors(tx: Tx, t: string, customerId: string, contactIds: string[]): Promise<FieldError[]> {
  if (contactIds.length === 0) return [];
  const ok = await linkedPersons(tx, t, customerId, contactIds);
  ok.add(customerId);
  return contactIds.flatMap((c, i) => (ok.has(c) ? [] : [fieldError(`body.contactIds.${i}`, 'not_a_contact')]));
}

/** Logs a touch (call, visit, …); a next step becomes a task in the same transaction. */
export async function logInteraction(ctx: Ctx, input: InteractionInput) {
  const now = ctx.clock.now();
  return ctx.tx(async (tx) => {
    const t = ctx.actor.tenantId;
    const customer = await requireVisibleCustomer(ctx, tx, input.customerId);
    if (!can(ctx.actor, 'interaction.create', customer, await ctx.reach(tx)))
      throw new Forbidden('You may not log interactions for this customer.');
    const errors: FieldError[] = [];
    const occurredAt = input.occurredAt ?? now;
    if (occurredAt.getTime() > now.getTime() + 5 * 60_000) errors.push(fieldError('body.occurredAt', 'in_future'));
    const contactIds = [...new Set(input.contactIds ?? [])];
    errors.push(...(await contactErrors(tx, t, customer.id, contactIds)));
    if (errors.length) throw new Invalid(errors);
    const id = newId();
    const [row] = await tx
      .insert(interactions)
      .values({
        tenantId: t,
        id,
        customerId: customer.id,
        type: input.type,
        direction: input.direction ?? null,
        occurredAt,
        durationMinutes: input.durationMinutes ?? null,
        contactIds,
        summary: input.summary,
        outcome: input.outcome ?? null,
        sentiment: input.sentiment ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    await touchLastInteraction(tx, t, customer.id, occurredAt);
    for (const person of contactIds) if (person !== customer.id) await touchLastInteraction(tx, t, person, occurredAt);
    await audit.record(tx, ctx, {
      action: 'interaction.create',
      entity: 'interaction',
      entityId: id,
      changes: audit.diff(null, { customerId: customer.id, type: row.type, summary: row.summary }),
    });
    await emit(tx, eventBy(ctx, 'interaction.logged', id, { customerId: customer.id, type: row.type }));
    const task = input.nextStep
      ? await insertTask(ctx, tx, { ...input.nextStep, customerId: customer.id, interactionId: id }, 'body.nextStep')
      : null;
    return { interaction: row, task };
  });
}

export async function updateInteraction(
  ctx: Ctx,
  id: string,
  patch: Partial<Omit<InteractionInput, 'customerId' | 'nextStep'>>,
) {
  return ctx.tx(async (tx) => {
    const where = and(eq(interactions.tenantId, ctx.actor.tenantId), eq(interactions.id, id));
    const [before] = await tx.select().from(interactions).where(where);
    if (!before) throw new NotFound('interaction');
    await requireVisibleCustomer(ctx, tx, before.customerId);
    if (
      before.createdBy !== ctx.actor.userId &&
      !can(ctx.actor, 'interaction.update', { ownerId: before.createdBy }, await ctx.reach(tx))
    )
      throw new Forbidden('Only its author or their manager may correct an interaction.');
    const errors: FieldError[] = [];
    if (patch.occurredAt && patch.occurredAt.getTime() > ctx.clock.now().getTime() + 5 * 60_000)
      errors.push(fieldError('body.occurredAt', 'in_future'));
    if (patch.contactIds) {
      patch.contactIds = [...new Set(patch.contactIds)];
      errors.push(...(await contactErrors(tx, ctx.actor.tenantId, before.customerId, patch.contactIds)));
    }
    if (errors.length) throw new Invalid(errors);
    const [after] = await tx
      .update(interactions)
      .set({ ...patch, updatedAt: ctx.clock.now() })
      .where(where)
      .returning();
    await audit.record(tx, ctx, {
      action: 'interaction.update',
      entity: 'interaction',
      entityId: id,
      changes: audit.diff(before, after),
    });
    await emit(
      tx,
      eventBy(ctx, 'interaction.updated', id, { customerId: after.customerId, fields: Object.keys(patch) }),
    );
    return after;
  });
}

/** A customer's diary, newest first. */
export async function listInteractions(
  ctx: Ctx,
  f: { customerId: string; limit: number; cursor?: string },
): Promise<Page<Interaction>> {
  return ctx.tx(async (tx) => {
    const customer = await requireVisibleCustomer(ctx, tx, f.customerId);
    if (!can(ctx.actor, 'interaction.read', customer, await ctx.reach(tx))) throw new NotFound('customer');
    const keys = newestFirst(interactions.occurredAt, interactions.id, f.cursor, (i: Interaction) => [
      i.occurredAt,
      i.id,
    ]);
    const rows = await tx
      .select()
      .from(interactions)
      .where(and(eq(interactions.tenantId, ctx.actor.tenantId), eq(interactions.customerId, f.customerId), keys.after))
      .orderBy(...keys.order)
      .limit(f.limit + 1);
    return keys.page(rows, f.limit);
  });
}
