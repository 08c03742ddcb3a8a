import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, invalidField, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { readLinks } from './read.ts';
import { contactLinks } from './schema.ts';
import type { CustomerCreate, contactLinkInput, contactLinkPatch } from './schemas.ts';
import { createCustomer, requireVisibleCustomer } from './service.ts';

/** Links between organizations and the people who work there, each with a role (decision-maker, operator, …). */
type LinkInput = z.infer<typeof contactLinkInput>;

export async function addContact(ctx: Ctx, orgId: string, input: LinkInput) {
  await ctx.tx(async (tx) => {
    const org = await requireVisibleCustomer(ctx, tx, orgId, 'customer.update');
    if (org.kind !== 'organization') throw invalidField('params.id', 'not_an_organization');
  });
  if (!input.personId && !input.person) throw invalidField('body.personId', 'person_required');
  const personId =
    input.personId ?? (await createCustomer(ctx, { ...(input.person as CustomerCreate), kind: 'person' })).id;
  return ctx.tx(async (tx) => {
    const person = await requireVisibleCustomer(ctx, tx, personId);
    if (person.kind !== 'person') throw invalidField('body.personId', 'not_a_person');
    const [dupe] = await tx
      .select({ id: contactLinks.id })
      .from(contactLinks)
      .where(
        and(
          eq(contactLinks.tenantId, ctx.actor.tenantId),
          eq(contactLinks.organizationId, orgId),
          eq(contactLinks.personId, personId),
        ),
      );
    if (dupe) throw new Conflict('already_linked', 'This person is already a contact of this organization.');
    if (input.isPrimary)
      await tx
        .update(contactLinks)
        .set({ isPrimary: false })
        .where(and(eq(contactLinks.tenantId, ctx.actor.tenantId), eq(contactLinks.organizationId, orgId)));
    const [link] = await tx
      .insert(contactLinks)
      .values({
        tenantId: ctx.actor.tenantId,
        id: newId(),
        organizationId: orgId,
        personId,
        role: input.role,
        title: input.title ?? null,
        department: input.department ?? null,
        isPrimary: input.isPrimary ?? false,
        since: input.since ?? null,
        until: input.until ?? null,
      })
      .returning();
    await audit.record(tx, ctx, {
      action: 'contact.link',
      entity: 'customer',
      entityId: orgId,
      changes: audit.diff(null, { contact: person.name, role: link.role, title: link.title }),
    });
    await emit(tx, contactChanged(ctx, link, 'linked'));
    return (await readLinks(tx, ctx.actor.tenantId, eq(contactLinks.id, link.id)))[0];
  });
}

export async function updateContact(ctx: Ctx, linkId: string, patch: z.infer<typeof contactLinkPatch>) {
  return ctx.tx(async (tx) => {
    const where = and(eq(contactLinks.tenantId, ctx.actor.tenantId), eq(contactLinks.id, linkId));
    const [before] = await tx.select().from(contactLinks).where(where);
    if (!before) throw new NotFound('contact link');
    await requireVisibleCustomer(ctx, tx, before.organizationId, 'customer.update');
    if (patch.isPrimary)
      await tx
        .update(contactLinks)
        .set({ isPrimary: false })
        .where(
          and(eq(contactLinks.tenantId, ctx.actor.tenantId), eq(contactLinks.organizationId, before.organizationId)),
        );
    const [after] = await tx
      .update(contactLinks)
      .set({ ...patch, updatedAt: ctx.clock.now() })
      .where(where)
      .returning();
    await audit.record(tx, ctx, {
      action: 'contact.update',
      entity: 'customer',
      entityId: before.organizationId,
      changes: audit.diff(before, after),
    });
    await emit(tx, contactChanged(ctx, after, 'updated'));
    return (await readLinks(tx, ctx.actor.tenantId, eq(contactLinks.id, after.id)))[0];
  });
}

/** Removes a wrong link (history of the person and the organization stays); ending a real one sets `until`. */
export async function removeContact(ctx: Ctx, linkId: string): Promise<void> {
  await ctx.tx(async (tx) => {
    const where = and(eq(contactLinks.tenantId, ctx.actor.tenantId), eq(contactLinks.id, linkId));
    const [before] = await tx.select().from(contactLinks).where(where);
    if (!before) throw new NotFound('contact link');
    await requireVisibleCustomer(ctx, tx, before.organizationId, 'customer.update');
    await tx.delete(contactLinks).where(where);
    await audit.record(tx, ctx, {
      action: 'contact.unlink',
      entity: 'customer',
      entityId: before.organizationId,
      changes: audit.diff(before, null),
    });
    await emit(tx, contactChanged(ctx, before, 'unlinked'));
  });
}

/** A link made, changed or removed: both files show it (an organization's contacts, a person's organizations). */
const contactChanged = (ctx: Ctx, link: typeof contactLinks.$inferSelect, change: 'linked' | 'updated' | 'unlinked') =>
  eventBy(ctx, 'contact.changed', link.id, {
    change,
    organizationId: link.organizationId,
    personId: link.personId,
  });
