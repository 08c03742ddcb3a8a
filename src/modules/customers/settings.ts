import { and, asc, eq } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, Forbidden, fieldError, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { allows } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { BUILTIN_PICKLISTS, type FieldDef, type Picklist } from './rules.ts';
import { customFieldDefs, PICKLISTS, picklistItems } from './schema.ts';

/** Tenant settings of the customer file: grades, sources, stages, industries and custom field definitions. */
export interface PicklistItem {
  id: string | null;
  code: string;
  label: string;
  description: string | null;
  builtin: boolean;
  archived: boolean;
}

export async function loadPicklists(tx: Tx, tenantId: string): Promise<Record<Picklist, PicklistItem[]>> {
  const own = await tx
    .select()
    .from(picklistItems)
    .where(eq(picklistItems.tenantId, tenantId))
    .orderBy(asc(picklistItems.position), asc(picklistItems.createdAt));
  const out = {} as Record<Picklist, PicklistItem[]>;
  for (const list of PICKLISTS) {
    const overrides = new Map(own.filter((o) => o.list === list).map((o) => [o.code, o]));
    const builtins = BUILTIN_PICKLISTS[list].map((b) => {
      const o = overrides.get(b.code);
      return {
        id: o?.id ?? null,
        code: b.code,
        label: o?.label ?? b.label,
        description: o?.description ?? b.description,
        builtin: true,
        archived: o?.archived ?? false,
      };
    });
    const extra = own
      .filter((o) => o.list === list && !BUILTIN_PICKLISTS[list].some((b) => b.code === o.code))
      .map((o) => ({
        id: o.id,
        code: o.code,
        label: o.label,
        description: o.description,
        builtin: false,
        archived: o.archived,
      }));
    out[list] = [...builtins, ...extra];
  }
  return out;
}

export async function loadFieldDefs(tx: Tx, tenantId: string): Promise<(typeof customFieldDefs.$inferSelect)[]> {
  return tx
    .select()
    .from(customFieldDefs)
    .where(eq(customFieldDefs.tenantId, tenantId))
    .orderBy(asc(customFieldDefs.position), asc(customFieldDefs.createdAt));
}

/**
 * The lists and field definitions as every customer write validates against them, kept a few seconds per tenant:
 * they change rarely and each write would otherwise read them again. A change in this process clears them (after
 * its commit); another process sees it within SETTINGS_CACHE_MS, as with the tenant settings.
 */
const SETTINGS_CACHE_MS = 5_000;
const cached = new Map<
  string,
  { lists?: Record<Picklist, PicklistItem[]>; defs?: (typeof customFieldDefs.$inferSelect)[]; until: number }
>();

function cacheOf(tenantId: string) {
  let c = cached.get(tenantId);
  if (!c || c.until <= Date.now()) {
    if (cached.size > 10_000) cached.clear();
    c = { until: Date.now() + SETTINGS_CACHE_MS };
    cached.set(tenantId, c);
  }
  return c;
}

export async function picklistsForValidation(tx: Tx, tenantId: string) {
  const c = cacheOf(tenantId);
  c.lists ??= await loadPicklists(tx, tenantId);
  return c.lists;
}

export async function fieldDefsForValidation(tx: Tx, tenantId: string) {
  const c = cacheOf(tenantId);
  c.defs ??= await loadFieldDefs(tx, tenantId);
  return c.defs;
}

/** Heard after a settings write commits (picklist_item.*, custom_field.* events; customers/index.ts). */
export const forgetSettings = (tenantId: string): void => {
  cached.delete(tenantId);
};

export const getPicklists = (ctx: Ctx) => ctx.tx((tx) => loadPicklists(tx, ctx.actor.tenantId));
export const getFieldDefs = (ctx: Ctx) => ctx.tx((tx) => loadFieldDefs(tx, ctx.actor.tenantId));

function requireSettings(ctx: Ctx) {
  if (!allows(ctx.actor, 'settings.manage'))
    throw new Forbidden('Only owners and admins change the customer settings.');
}

/** Adds an item, or overrides a built-in's label/description when the code is a built-in one. */
export async function addPicklistItem(
  ctx: Ctx,
  list: Picklist,
  input: { code: string; label: string; description?: string | null },
) {
  requireSettings(ctx);
  return ctx.tx(async (tx) => {
    const [dupe] = await tx
      .select()
      .from(picklistItems)
      .where(
        and(
          eq(picklistItems.tenantId, ctx.actor.tenantId),
          eq(picklistItems.list, list),
          eq(picklistItems.code, input.code),
        ),
      );
    if (dupe)
      throw new Conflict('code_taken', `The ${list} "${input.code}" already exists.`, {}, [
        fieldError('body.code', 'taken'),
      ]);
    const [row] = await tx
      .insert(picklistItems)
      .values({
        tenantId: ctx.actor.tenantId,
        id: newId(),
        list,
        code: input.code,
        label: input.label,
        description: input.description ?? null,
      })
      .returning();
    await audit.record(tx, ctx, {
      action: 'picklist.create',
      entity: 'picklist_item',
      entityId: row.id,
      changes: audit.diff(null, row),
    });
    await emit(tx, eventBy(ctx, 'picklist_item.created', row.id, { list, code: row.code }));
    return row;
  });
}

export async function updatePicklistItem(
  ctx: Ctx,
  list: Picklist,
  id: string,
  patch: { label?: string; description?: string | null; archived?: boolean; position?: number },
) {
  requireSettings(ctx);
  return ctx.tx(async (tx) => {
    const where = and(
      eq(picklistItems.tenantId, ctx.actor.tenantId),
      eq(picklistItems.list, list),
      eq(picklistItems.id, id),
    );
    const [before] = await tx.select().from(picklistItems).where(where);
    if (!before) throw new NotFound('list item');
    if (Object.keys(patch).length === 0) return before; // an empty PATCH changes nothing
    const [after] = await tx.update(picklistItems).set(patch).where(where).returning();
    await audit.record(tx, ctx, {
      action: 'picklist.update',
      entity: 'picklist_item',
      entityId: id,
      changes: audit.diff(before, after),
    });
    await emit(tx, eventBy(ctx, 'picklist_item.updated', id, { list, code: after.code, fields: Object.keys(patch) }));
    return after;
  });
}

export async function addFieldDef(
  ctx: Ctx,
  input: {
    key: string;
    label: string;
    type: FieldDef['type'];
    options?: string[];
    required?: boolean;
    position?: number;
  },
) {
  requireSettings(ctx);
  return ctx.tx(async (tx) => {
    const [dupe] = await tx
      .select()
      .from(customFieldDefs)
      .where(and(eq(customFieldDefs.tenantId, ctx.actor.tenantId), eq(customFieldDefs.key, input.key)));
    if (dupe)
      throw new Conflict('key_taken', `A custom field "${input.key}" already exists.`, {}, [
        fieldError('body.key', 'taken'),
      ]);
    const [row] = await tx
      .insert(customFieldDefs)
      .values({
        tenantId: ctx.actor.tenantId,
        id: newId(),
        key: input.key,
        label: input.label,
        type: input.type,
        options: input.options ?? [],
        required: input.required ?? false,
        position: input.position ?? 0,
      })
      .returning();
    await audit.record(tx, ctx, {
      action: 'custom_field.create',
      entity: 'custom_field',
      entityId: row.id,
      changes: audit.diff(null, row),
    });
    await emit(tx, eventBy(ctx, 'custom_field.created', row.id, { key: row.key }));
    return row;
  });
}

export async function updateFieldDef(
  ctx: Ctx,
  id: string,
  patch: { label?: string; options?: string[]; required?: boolean; position?: number; archived?: boolean },
) {
  requireSettings(ctx);
  return ctx.tx(async (tx) => {
    const where = and(eq(customFieldDefs.tenantId, ctx.actor.tenantId), eq(customFieldDefs.id, id));
    const [before] = await tx.select().from(customFieldDefs).where(where);
    if (!before) throw new NotFound('custom field');
    if (Object.keys(patch).length === 0) return before; // an empty PATCH changes nothing
    const [after] = await tx.update(customFieldDefs).set(patch).where(where).returning();
    await audit.record(tx, ctx, {
      action: 'custom_field.update',
      entity: 'custom_field',
      entityId: id,
      changes: audit.diff(before, after),
    });
    await emit(tx, eventBy(ctx, 'custom_field.updated', id, { key: after.key, fields: Object.keys(patch) }));
    return after;
  });
}
