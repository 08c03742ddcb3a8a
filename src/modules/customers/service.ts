import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, type FieldError, Forbidden, fieldError, Invalid, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { type Action, allows, can, scopeOf } from '../../core/policy.ts';
import { rows, type Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { tenantCachedInTx } from '../tenants/service.ts';
import { userRefErrors } from '../users/service.ts';
import { findDuplicates } from './duplicates.ts';
import { cachedFile, cacheFile } from './file-cache.ts';
import type { CustomerRow } from './file-parts.ts';
import { displayName, searchKeysFor } from './names.ts';
import { normalizeEmail, normalizePhone } from './phones.ts';
import { customerNames, linkedPersons, toFull } from './read.ts';
import { type CustomerRef, customerRefErrors } from './refs.ts';
import { parseBirthday, validateCustom, wouldCycle } from './rules.ts';
import { customerAddresses, customerChannels, customers } from './schema.ts';
import type { CustomerCreate, CustomerOut, CustomerPatch } from './schemas.ts';
import { fieldDefsForValidation, picklistsForValidation } from './settings.ts';
import { summaryOf } from './summary.ts';

export { birthdaysOn } from './birthdays.ts';
// What other modules' manifests use to add to the customer file (customers/file-parts.ts).
export {
  customerRowsMover,
  type FileSection,
  installFileParts,
  type MergeMover,
  type TimelineItem,
  type TimelineProvider,
} from './file-parts.ts';
export type { CustomerRow };
export { type CustomerRef, customerNames, customerRefErrors, linkedPersons };

/** The customer if it exists in the actor's tenant, is not merged away, and the actor may do `action` on it; else 404. */
export async function requireVisibleCustomer(
  ctx: Ctx,
  tx: Tx,
  id: string,
  action: Action = 'customer.read',
): Promise<CustomerRow> {
  const [c] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, ctx.actor.tenantId), eq(customers.id, id)));
  if (!c || c.mergedIntoId) throw new NotFound('customer');
  const reach = await ctx.reach(tx);
  if (!can(ctx.actor, 'customer.read', c, reach)) throw new NotFound('customer');
  if (action !== 'customer.read' && !can(ctx.actor, action, c, reach))
    throw new Forbidden(`You may not ${action.split('.')[1]} this customer.`);
  return c;
}

/** Called by the diary when a touch is logged; only moves the date forward. */
export async function touchLastInteraction(tx: Tx, tenantId: string, customerId: string, at: Date): Promise<void> {
  await tx
    .update(customers)
    .set({ lastInteractionAt: sql`greatest(${customers.lastInteractionAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  await emit(tx, { type: 'customer.contacted', tenantId, entityId: customerId, data: { at: at.toISOString() } });
}

/** Called by orders after every order or return: denormalized figures for list sorting and filters. */
/**
 * A batch of the tenant's customers by id (merged ones included: their figures are shown on their history), for
 * jobs that walk every customer; `after` is the last id of the previous batch.
 */
export async function customerIdsAfter(
  tx: Tx,
  tenantId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const found = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), after ? gt(customers.id, after) : undefined))
    .orderBy(asc(customers.id))
    .limit(limit);
  return found.map((c) => c.id);
}

export async function customerCount(tx: Tx, tenantId: string): Promise<number> {
  const [r] = await tx.select({ n: count() }).from(customers).where(eq(customers.tenantId, tenantId));
  return r?.n ?? 0;
}

export async function setPurchaseStats(
  tx: Tx,
  tenantId: string,
  customerId: string,
  s: { orderCount: number; totalSpend: number; firstPurchaseAt: Date | null; lastPurchaseAt: Date | null },
): Promise<void> {
  await tx
    .update(customers)
    .set(s)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  await emit(tx, { type: 'customer.purchases_changed', tenantId, entityId: customerId });
}

export async function getCustomer(ctx: Ctx, id: string): Promise<CustomerOut> {
  return ctx.tx(async (tx) => toFull(tx, ctx.actor.tenantId, await requireVisibleCustomer(ctx, tx, id)));
}

/** The file as JSON, from the short-lived file cache when possible; visibility is checked on every call. */
export async function getCustomerJson(ctx: Ctx, id: string): Promise<Buffer> {
  const hit = cachedFile(ctx.actor.tenantId, id);
  if (hit) {
    if (!can(ctx.actor, 'customer.read', { ownerId: hit.file.ownerId }, await ctx.reach()))
      throw new NotFound('customer');
    return hit.json;
  }
  const started = Date.now();
  return cacheFile(ctx.actor.tenantId, await getCustomer(ctx, id), started);
}

interface Prepared {
  values: Partial<typeof customers.$inferInsert>;
  channels?: (typeof customerChannels.$inferInsert)[];
  addresses?: (typeof customerAddresses.$inferInsert)[];
}

/** Validates and normalizes create/patch input; collects every field error before failing. */
async function prepare(
  ctx: Ctx,
  tx: Tx,
  input: CustomerPatch & { kind?: 'person' | 'organization' },
  existing: CustomerRow | null,
): Promise<Prepared> {
  const t = ctx.actor.tenantId;
  const errors: FieldError[] = [];
  const tenant = await tenantCachedInTx(tx, t);
  const kind = input.kind ?? existing!.kind;
  const values: Prepared['values'] = {};
  const simple = [
    'familyName',
    'givenName',
    'honorific',
    'gender',
    'legalName',
    'industry',
    'size',
    'notes',
    'tags',
  ] as const;
  for (const k of simple) if (input[k] !== undefined) (values as Record<string, unknown>)[k] = input[k];
  if (input.taxId !== undefined)
    values.taxId = input.taxId ? input.taxId.normalize('NFKC').replace(/\s/g, '').toUpperCase() : null;
  if (values.tags) values.tags = [...new Set(values.tags)];
  const family = input.familyName !== undefined ? input.familyName : existing?.familyName;
  const given = input.givenName !== undefined ? input.givenName : existing?.givenName;
  let name =
    input.name ??
    (input.familyName !== undefined || input.givenName !== undefined || !existing
      ? displayName(family, given)
      : existing.name);
  if (!name && existing) name = existing.name;
  if (!name) errors.push(fieldError('body.name', 'required'));
  const reading = input.reading !== undefined ? input.reading : existing?.reading;
  if (name && (name !== existing?.name || input.reading !== undefined || input.familyName !== undefined)) {
    const keys = searchKeysFor({
      kind,
      name,
      familyName: family,
      givenName: given,
      reading: input.reading !== undefined ? input.reading : reading,
    });
    Object.assign(values, keys, { name });
  }
  if (input.birthday !== undefined) {
    const b = parseBirthday(input.birthday, ctx.clock.now(), 'body.birthday');
    if ('path' in b) errors.push(b);
    else Object.assign(values, b);
  }
  const lists = await picklistsForValidation(tx, t);
  for (const k of ['grade', 'source', 'stage'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (v !== null && !lists[k].some((i) => i.code === v && !i.archived))
      errors.push(
        fieldError(`body.${k}`, 'unknown_choice', {
          allowed: lists[k]
            .filter((i) => !i.archived)
            .map((i) => i.code)
            .join(', '),
        }),
      );
    else values[k] = v;
  }
  if (input.custom !== undefined) {
    const defs = await fieldDefsForValidation(tx, t);
    const merged = { ...(existing?.custom ?? {}), ...input.custom };
    const r = validateCustom(input.custom, defs, { requireAll: false });
    errors.push(...r.errors);
    const all = validateCustom(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)), defs, {
      requireAll: !existing,
    });
    errors.push(...all.errors.filter((e) => e.code === 'required' && !errors.some((x) => x.path === e.path)));
    values.custom = Object.fromEntries(
      Object.entries({ ...(existing?.custom ?? {}), ...r.value }).filter(([, v]) => v !== null),
    );
  } else if (!existing) {
    const defs = await fieldDefsForValidation(tx, t);
    errors.push(...validateCustom({}, defs, { requireAll: true }).errors);
  }
  if (input.ownerId !== undefined && input.ownerId !== existing?.ownerId) {
    if (input.ownerId !== null && input.ownerId !== ctx.actor.userId) {
      const scope = scopeOf(ctx.actor.role, 'customer.update');
      if (!scope || scope === 'own') throw new Forbidden('You may only assign customers to yourself.');
      const reach = await ctx.reach(tx);
      errors.push(
        ...(await userRefErrors(ctx, tx, [{ path: 'body.ownerId', id: input.ownerId }], (id) =>
          can(ctx.actor, 'customer.update', { ownerId: id }, reach),
        )),
      );
    }
    values.ownerId = input.ownerId;
  }
  if (input.referrerId !== undefined) {
    if (input.referrerId) {
      const seen = await customerRefErrors(ctx, tx, [{ path: 'body.referrerId', id: input.referrerId }]);
      const chain = seen.length ? new Map() : await referrerChain(tx, t, input.referrerId);
      if (seen.length) errors.push(...seen);
      else if (existing && wouldCycle(existing.id, input.referrerId, chain))
        errors.push(fieldError('body.referrerId', 'referral_cycle'));
    }
    values.referrerId = input.referrerId;
  }
  const out: Prepared = { values };
  if (input.channels) {
    out.channels = [];
    input.channels.forEach((c, i) => {
      const path = `body.channels.${i}.value`;
      let normalized: string | null = c.value.trim();
      let digitsReversed: string | null = null;
      if (c.kind === 'phone') {
        const p = normalizePhone(c.value, tenant.phoneRegion);
        if (!p) errors.push(fieldError(path, 'invalid_phone', { region: tenant.phoneRegion }));
        normalized = p?.normalized ?? null;
        digitsReversed = p?.digitsReversed ?? null;
      } else if (c.kind === 'email') {
        normalized = normalizeEmail(c.value);
        if (!normalized) errors.push(fieldError(path, 'invalid_email'));
      } else normalized = c.value.normalize('NFKC').trim().toLowerCase();
      if (normalized)
        out.channels!.push({
          tenantId: t,
          id: newId(),
          customerId: '',
          kind: c.kind,
          label: c.kind === 'phone' ? (c.label ?? 'mobile') : (c.label ?? null),
          value: c.value.trim(),
          normalized,
          digitsReversed,
          isPrimary: c.isPrimary ?? false,
        });
    });
    for (const kind of ['phone', 'email'] as const) {
      const mine = out.channels.filter((c) => c.kind === kind);
      if (mine.length && !mine.some((c) => c.isPrimary)) mine[0].isPrimary = true;
    }
  }
  if (input.addresses) {
    out.addresses = input.addresses.map((a, i) => ({
      ...a,
      tenantId: t,
      id: newId(),
      customerId: '',
      isPrimary: a.isPrimary ?? i === 0,
    }));
  }
  if (errors.length) throw new Invalid(errors);
  // The list row's phone, email and city, from what is about to be written (customers/summary.ts).
  Object.assign(values, summaryOf(out.channels, out.addresses));
  return out;
}

/** The proposed referrer and everyone up its referral chain (id → their referrer). */
async function referrerChain(tx: Tx, tenantId: string, referrerId: string): Promise<Map<string, string | null>> {
  const r = await rows<{ id: string; referrer_id: string | null }>(
    tx,
    sql`with recursive up(id, referrer_id, depth) as (
          select id, referrer_id, 0 from customers where tenant_id = ${tenantId} and id = ${referrerId} and merged_into_id is null
          union all
          select c.id, c.referrer_id, up.depth + 1 from customers c join up on c.id = up.referrer_id
           where c.tenant_id = ${tenantId} and up.depth < 1000)
        select id, referrer_id from up`,
  );
  return new Map(r.map((x) => [x.id, x.referrer_id]));
}

async function refuseDuplicates(ctx: Ctx, tx: Tx, p: Prepared, selfId?: string): Promise<void> {
  const phones = p.channels?.filter((c) => c.kind === 'phone').map((c) => c.normalized) ?? [];
  const emails = p.channels?.filter((c) => c.kind === 'email').map((c) => c.normalized) ?? [];
  const found = await findDuplicates(ctx, tx, { phones, emails, taxId: p.values.taxId ?? null }, selfId);
  if (found.length === 0) return;
  const d = found[0];
  const what = { phone: 'phone number', email: 'email', tax_id: 'tax id', name: 'name' }[d.matchedOn];
  const who = d.visible ? `: ${d.name}` : d.ownerName ? ` (ask ${d.ownerName})` : ' (ask a manager)';
  throw new Conflict('duplicate', `A customer with this ${what} already exists${who}.`, { existing: d });
}

/** Replaces the channels and addresses a save gives; answers the rows it wrote (none for a list not given). */
async function writeChildren(tx: Tx, tenantId: string, customerId: string, p: Prepared) {
  let channels: (typeof customerChannels.$inferSelect)[] = [];
  let addresses: (typeof customerAddresses.$inferSelect)[] = [];
  if (p.channels) {
    await tx
      .delete(customerChannels)
      .where(and(eq(customerChannels.tenantId, tenantId), eq(customerChannels.customerId, customerId)));
    if (p.channels.length)
      channels = await tx
        .insert(customerChannels)
        .values(p.channels.map((c) => ({ ...c, customerId })))
        .returning();
  }
  if (p.addresses) {
    await tx
      .delete(customerAddresses)
      .where(and(eq(customerAddresses.tenantId, tenantId), eq(customerAddresses.customerId, customerId)));
    if (p.addresses.length)
      addresses = await tx
        .insert(customerAddresses)
        .values(p.addresses.map((a) => ({ ...a, customerId })))
        .returning();
  }
  return { channels, addresses };
}

export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<CustomerOut> {
  if (!allows(ctx.actor, 'customer.create')) throw new Forbidden('You may not create customers.');
  return ctx.tx(async (tx) => {
    const p = await prepare(ctx, tx, { ownerId: ctx.actor.userId, ...input }, null);
    await refuseDuplicates(ctx, tx, p);
    const id = newId();
    const [row] = await tx
      .insert(customers)
      .values({
        ...p.values,
        tenantId: ctx.actor.tenantId,
        id,
        kind: input.kind,
        name: p.values.name!,
        createdBy: ctx.actor.userId,
      })
      .returning();
    const written = await writeChildren(tx, ctx.actor.tenantId, id, p);
    // A new file: its children are the rows just written, it has no links, and its owner is usually the actor.
    const selfOwned = row.ownerId === ctx.actor.userId && ctx.actor.kind === 'user';
    const full = await toFull(tx, ctx.actor.tenantId, row, {
      ...written,
      ...(selfOwned ? { ownerName: ctx.actor.name } : {}),
    });
    await audit.record(tx, ctx, {
      action: 'customer.create',
      entity: 'customer',
      entityId: id,
      changes: audit.diff(null, auditable(full)),
    });
    await emit(tx, eventBy(ctx, 'customer.created', id, { kind: row.kind, ownerId: row.ownerId }));
    return full;
  });
}

export async function updateCustomer(ctx: Ctx, id: string, patch: CustomerPatch): Promise<CustomerOut> {
  return ctx.tx(async (tx) => {
    const before = await requireVisibleCustomer(ctx, tx, id, 'customer.update');
    const beforeFull = await toFull(tx, ctx.actor.tenantId, before);
    const p = await prepare(ctx, tx, patch, before);
    await refuseDuplicates(ctx, tx, p, id);
    const [row] = await tx
      .update(customers)
      .set({ ...p.values, updatedAt: ctx.clock.now() })
      .where(and(eq(customers.tenantId, ctx.actor.tenantId), eq(customers.id, id)))
      .returning();
    await writeChildren(tx, ctx.actor.tenantId, id, p);
    const full = await toFull(tx, ctx.actor.tenantId, row);
    const changes = audit.diff(auditable(beforeFull), auditable(full));
    await audit.record(tx, ctx, { action: 'customer.update', entity: 'customer', entityId: id, changes });
    await emit(tx, eventBy(ctx, 'customer.updated', id, { fields: Object.keys(changes) }));
    if (row.ownerId !== before.ownerId)
      await emit(
        tx,
        eventBy(ctx, 'customer.owner_changed', id, {
          ownerId: row.ownerId,
          previousOwnerId: before.ownerId,
          customerName: row.name,
        }),
      );
    return full;
  });
}

/** Archived customers leave lists and search but keep their whole history; nothing is deleted. */
export async function setArchived(ctx: Ctx, id: string, archived: boolean): Promise<CustomerOut> {
  const now = ctx.clock.now();
  return ctx.tx(async (tx) => {
    const before = await requireVisibleCustomer(ctx, tx, id, 'customer.archive');
    const [row] = await tx
      .update(customers)
      .set({ archivedAt: archived ? (before.archivedAt ?? now) : null, updatedAt: now })
      .where(and(eq(customers.tenantId, ctx.actor.tenantId), eq(customers.id, id)))
      .returning();
    await audit.record(tx, ctx, {
      action: archived ? 'customer.archive' : 'customer.unarchive',
      entity: 'customer',
      entityId: id,
      changes: audit.diff({ archivedAt: before.archivedAt }, { archivedAt: row.archivedAt }),
    });
    await emit(tx, eventBy(ctx, archived ? 'customer.archived' : 'customer.restored', id));
    return toFull(tx, ctx.actor.tenantId, row);
  });
}

/** What the audit log keeps of a customer: business fields, not derived search keys or ids of children. */
function auditable(c: CustomerOut): Record<string, unknown> {
  const {
    organizations: _o,
    contacts: _c,
    updatedAt: _u,
    createdAt: _d,
    lastInteractionAt: _l,
    orderCount: _n,
    totalSpend: _s,
    ...rest
  } = c;
  return {
    ...rest,
    channels: c.channels.map((x) => `${x.kind}:${x.value}`),
    addresses: c.addresses.map((a) => [a.province, a.city, a.street, a.text].filter(Boolean).join(' ')),
  };
}
