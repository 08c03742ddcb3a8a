import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { type FieldError, fieldError } from '../../core/errors.ts';
import { can } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { customers } from './schema.ts';

/** One customer id that a request body names, where it was named, and what it must be. */
export interface CustomerRef {
  path: string;
  id: string | null | undefined;
  kind?: 'person' | 'organization';
}

/**
 * The one check for customer ids in a body (a task's customer and contact, a referrer, a diary entry's contacts…):
 * each must be a customer of the actor's tenant that the actor may see, not merged away, and of the kind asked.
 * Unknown, foreign and invisible ids get the same answer, so a body cannot probe what exists. One query for all.
 */
export async function customerRefErrors(ctx: Ctx, tx: Tx, refs: CustomerRef[]): Promise<FieldError[]> {
  const wanted = refs.filter((r): r is CustomerRef & { id: string } => !!r.id);
  if (wanted.length === 0) return [];
  const found = await tx
    .select({
      id: customers.id,
      kind: customers.kind,
      ownerId: customers.ownerId,
      mergedIntoId: customers.mergedIntoId,
    })
    .from(customers)
    .where(
      and(eq(customers.tenantId, ctx.actor.tenantId), inArray(customers.id, [...new Set(wanted.map((r) => r.id))])),
    );
  const byId = new Map(found.map((c) => [c.id, c]));
  const reach = await ctx.reach(tx);
  const errors: FieldError[] = [];
  for (const r of wanted) {
    const c = byId.get(r.id);
    const visible = c && !c.mergedIntoId && can(ctx.actor, 'customer.read', c, reach);
    if (!visible) errors.push(fieldError(r.path, r.kind === 'person' ? 'unknown_person' : 'unknown_customer'));
    else if (r.kind && c.kind !== r.kind)
      errors.push(fieldError(r.path, r.kind === 'person' ? 'not_a_person' : 'not_an_organization'));
  }
  return errors;
}
