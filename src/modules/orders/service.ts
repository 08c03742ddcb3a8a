import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { type FieldError, Forbidden, fieldError, Invalid, invalidField, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { decodeCursor, encodeCursor, idCursor, newestFirst, type Page } from '../../core/pagination.ts';
import { allows } from '../../core/policy.ts';
import { rows, type Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { requireVisibleCustomer, setPurchaseStats } from '../customers/service.ts';
import { tenantInTx } from '../tenants/service.ts';
import { findUser } from '../users/service.ts';
import { lineAmount, MAX_AMOUNT, orderTotals, returnable } from './rules.ts';
import { orderLines, orders, products } from './schema.ts';

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type Product = typeof products.$inferSelect;

// ---- products ----
export async function listProducts(
  ctx: Ctx,
  f: { q?: string; limit: number; cursor?: string },
): Promise<Page<Product>> {
  const after = decodeCursor(f.cursor, idCursor);
  const data = await ctx.tx((tx) =>
    tx
      .select()
      .from(products)
      .where(
        and(
          eq(products.tenantId, ctx.actor.tenantId),
          f.q ? or(sql`strpos(lower(${products.name}), lower(${f.q})) > 0`, eq(products.sku, f.q)) : undefined,
          after ? sql`${products.id} > ${after}` : undefined,
        ),
      )
      .orderBy(asc(products.id))
      .limit(f.limit + 1),
  );
  const page = data.slice(0, f.limit);
  return { data: page, nextCursor: data.length > f.limit ? encodeCursor(page[page.length - 1].id) : null };
}

export interface ProductInput {
  name?: string;
  sku?: string | null;
  category?: string | null;
  price?: number;
  cost?: number | null;
  archived?: boolean;
}

export async function saveProduct(ctx: Ctx, id: string | null, input: ProductInput): Promise<Product> {
  if (!allows(ctx.actor, 'settings.manage')) throw new Forbidden('Only owners and admins change the catalogue.');
  return ctx.tx(async (tx) => {
    const where = and(eq(products.tenantId, ctx.actor.tenantId), eq(products.id, id ?? ''));
    const before = id ? (await tx.select().from(products).where(where))[0] : null;
    if (id && !before) throw new NotFound('product');
    const [after] = before
      ? await tx
          .update(products)
          .set({ ...input, updatedAt: ctx.clock.now() })
          .where(where)
          .returning()
      : await tx
          .insert(products)
          .values({
            tenantId: ctx.actor.tenantId,
            id: newId(),
            name: input.name!,
            sku: input.sku ?? null,
            category: input.category ?? null,
            price: input.price ?? 0,
            cost: input.cost ?? null,
          })
          .returning();
    await audit.record(tx, ctx, {
      action: before ? 'product.update' : 'product.create',
      entity: 'product',
      entityId: after.id,
      changes: audit.diff(before, after),
    });
    await emit(tx, eventBy(ctx, before ? 'product.updated' : 'product.created', after.id));
    return after;
  });
}

// ---- orders ----
export interface OrderLineInput {
  productId?: string | null;
  name?: string | null;
  sku?: string | null;
  quantity: number;
  unitPrice?: number;
  discount?: number;
  cost?: number | null;
}
export interface OrderInput {
  customerId: string;
  orderedAt?: Date;
  channel?: string | null;
  store?: string | null;
  repId?: string | null;
  status?: Order['status'];
  currency?: string;
  note?: string | null;
  lines: OrderLineInput[];
}

/** Recomputes the customer's purchase figures from its completed orders (returns count negative). */
export async function refreshPurchaseStats(tx: Tx, tenantId: string, customerId: string): Promise<void> {
  const [s] = await rows<{ n: number; total: number; first: string | null; last: string | null }>(
    tx,
    sql`select count(*) filter (where kind = 'sale')::int as n, coalesce(sum(total), 0)::bigint as total,
               min(ordered_at) filter (where kind = 'sale') as first, max(ordered_at) filter (where kind = 'sale') as last
          from orders where tenant_id = ${tenantId} and customer_id = ${customerId} and status = 'completed'`,
  );
  await setPurchaseStats(tx, tenantId, customerId, {
    orderCount: Number(s.n),
    totalSpend: Number(s.total),
    firstPurchaseAt: s.first ? new Date(s.first) : null,
    lastPurchaseAt: s.last ? new Date(s.last) : null,
  });
}

export async function createOrder(ctx: Ctx, input: OrderInput): Promise<Order & { lines: OrderLine[] }> {
  return ctx.tx(async (tx) => {
    await requireVisibleCustomer(ctx, tx, input.customerId, 'customer.update').catch((e) => {
      if (e instanceof Forbidden) throw new Forbidden('You may not record orders for this customer.');
      throw e;
    });
    const t = ctx.actor.tenantId;
    const tenant = await tenantInTx(tx, t);
    const errors: FieldError[] = [];
    if (input.currency && input.currency !== tenant.currency)
      errors.push(fieldError('body.currency', 'wrong_currency', { currency: tenant.currency }));
    if (input.repId) {
      if (!(await findUser(tx, t, input.repId))) errors.push(fieldError('body.repId', 'unknown_user'));
    }
    const productIds = input.lines.map((l) => l.productId).filter((x): x is string => !!x);
    const catalogue = new Map(
      productIds.length
        ? (
            await tx
              .select()
              .from(products)
              .where(and(eq(products.tenantId, t), inArray(products.id, productIds)))
          ).map((p) => [p.id, p])
        : [],
    );
    const lines = input.lines.map((l, i) => {
      const p = l.productId ? catalogue.get(l.productId) : undefined;
      if (l.productId && !p) errors.push(fieldError(`body.lines.${i}.productId`, 'unknown_product'));
      if (!p && !l.name) errors.push(fieldError(`body.lines.${i}.name`, 'required_without_product'));
      if (l.quantity <= 0) errors.push(fieldError(`body.lines.${i}.quantity`, 'must_be_positive'));
      const unitPrice = l.unitPrice ?? p?.price;
      if (unitPrice === undefined) errors.push(fieldError(`body.lines.${i}.unitPrice`, 'required_without_product'));
      const line = {
        quantity: l.quantity,
        unitPrice: unitPrice ?? 0,
        discount: l.discount ?? 0,
        cost: l.cost ?? p?.cost ?? null,
      };
      if (lineAmount(line) < 0) errors.push(fieldError(`body.lines.${i}.discount`, 'discount_too_large'));
      else if (!Number.isSafeInteger(lineAmount(line)) || !Number.isSafeInteger((line.cost ?? 0) * line.quantity))
        errors.push(fieldError(`body.lines.${i}.quantity`, 'amount_too_large'));
      return { ...line, productId: p?.id ?? null, name: l.name ?? p?.name ?? '', sku: l.sku ?? p?.sku ?? null };
    });
    if (errors.length) throw new Invalid(errors);
    const totals = orderTotals(lines);
    if (Math.abs(totals.total) > MAX_AMOUNT || Math.abs(totals.costTotal ?? 0) > MAX_AMOUNT)
      throw new Invalid([fieldError('body.lines', 'amount_too_large')]);
    const id = newId();
    const [order] = await tx
      .insert(orders)
      .values({
        tenantId: t,
        id,
        customerId: input.customerId,
        orderedAt: input.orderedAt ?? ctx.clock.now(),
        channel: input.channel ?? null,
        store: input.store ?? null,
        repId: input.repId ?? ctx.actor.userId,
        status: input.status ?? 'completed',
        currency: tenant.currency,
        total: totals.total,
        costTotal: totals.costTotal,
        note: input.note ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    const saved = await tx
      .insert(orderLines)
      .values(lines.map((l) => ({ ...l, tenantId: t, id: newId(), orderId: id, amount: lineAmount(l) })))
      .returning();
    await refreshPurchaseStats(tx, t, input.customerId);
    await audit.record(tx, ctx, {
      action: 'order.create',
      entity: 'order',
      entityId: id,
      changes: audit.diff(null, { customerId: order.customerId, total: order.total, lines: saved.length }),
    });
    await emit(
      tx,
      eventBy(ctx, 'order.recorded', id, { customerId: order.customerId, kind: 'sale', status: order.status }),
    );
    return { ...order, lines: saved };
  });
}

/** A return: negative quantities against the original lines, never more than was bought and not yet returned. */
export async function createReturn(
  ctx: Ctx,
  orderId: string,
  input: { lines: { lineId: string; quantity: number }[]; reason?: string | null },
) {
  return ctx.tx(async (tx) => {
    const t = ctx.actor.tenantId;
    const [original] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, t), eq(orders.id, orderId)));
    if (!original) throw new NotFound('order');
    await requireVisibleCustomer(ctx, tx, original.customerId, 'customer.update');
    if (original.kind !== 'sale') throw invalidField('params.id', 'not_a_sale');
    const sold = new Map(
      (
        await tx
          .select()
          .from(orderLines)
          .where(and(eq(orderLines.tenantId, t), eq(orderLines.orderId, orderId)))
      ).map((l) => [l.id, l]),
    );
    const already = await returnedPerLine(tx, t, orderId);
    const errors: FieldError[] = [];
    const lines = input.lines.map((r, i) => {
      const s = sold.get(r.lineId);
      if (!s) errors.push(fieldError(`body.lines.${i}.lineId`, 'unknown_order_line'));
      else if (r.quantity <= 0 || r.quantity > returnable(s.quantity, already.get(s.id) ?? 0))
        errors.push(
          fieldError(`body.lines.${i}.quantity`, 'return_quantity', {
            max: returnable(s.quantity, already.get(s.id) ?? 0),
          }),
        );
      return { s, quantity: r.quantity };
    });
    if (errors.length) throw new Invalid(errors);
    const id = newId();
    const values = lines.map(({ s, quantity }) => {
      const perUnitDiscount = s!.quantity ? Math.round(s!.discount / s!.quantity) : 0;
      const line = {
        quantity: -quantity,
        unitPrice: s!.unitPrice,
        discount: -perUnitDiscount * quantity,
        cost: s!.cost,
      };
      return {
        ...line,
        tenantId: t,
        id: newId(),
        orderId: id,
        productId: s!.productId,
        name: s!.name,
        sku: s!.sku,
        amount: lineAmount(line),
        returnsLineId: s!.id,
      };
    });
    const totals = orderTotals(values);
    const [ret] = await tx
      .insert(orders)
      .values({
        tenantId: t,
        id,
        customerId: original.customerId,
        kind: 'return',
        originalOrderId: orderId,
        orderedAt: ctx.clock.now(),
        channel: original.channel,
        store: original.store,
        repId: ctx.actor.userId,
        status: 'completed',
        currency: original.currency,
        total: totals.total,
        costTotal: totals.costTotal,
        note: input.reason ?? null,
        createdBy: ctx.actor.userId,
      })
      .returning();
    const saved = await tx.insert(orderLines).values(values).returning();
    await refreshPurchaseStats(tx, t, original.customerId);
    await audit.record(tx, ctx, {
      action: 'order.return',
      entity: 'order',
      entityId: id,
      changes: audit.diff(null, { originalOrderId: orderId, total: ret.total }),
    });
    await emit(
      tx,
      eventBy(ctx, 'order.recorded', id, { customerId: ret.customerId, kind: 'return', originalOrderId: orderId }),
    );
    return { ...ret, lines: saved };
  });
}

/** How much of each line of an order has been returned so far (line id → quantity). */
async function returnedPerLine(tx: Tx, t: string, orderId: string): Promise<Map<string, number>> {
  const returned = await rows<{ line: string; qty: number }>(
    tx,
    sql`select returns_line_id as line, -sum(quantity)::int as qty from order_lines where tenant_id = ${t} and returns_line_id in (select id from order_lines where tenant_id = ${t} and order_id = ${orderId}) group by returns_line_id`,
  );
  return new Map(returned.map((r) => [r.line, Number(r.qty)]));
}

/** An order with its lines; a sale's lines say how much was returned and how much still can be. */
export async function getOrder(ctx: Ctx, id: string) {
  return ctx.tx(async (tx) => {
    const [o] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, ctx.actor.tenantId), eq(orders.id, id)));
    if (!o) throw new NotFound('order');
    await requireVisibleCustomer(ctx, tx, o.customerId);
    const lines = await tx
      .select()
      .from(orderLines)
      .where(and(eq(orderLines.tenantId, ctx.actor.tenantId), eq(orderLines.orderId, id)))
      .orderBy(asc(orderLines.id));
    const already = o.kind === 'sale' ? await returnedPerLine(tx, ctx.actor.tenantId, id) : new Map<string, number>();
    return {
      ...o,
      lines: lines.map((l) => {
        const back = already.get(l.id) ?? 0;
        return o.kind === 'sale' ? { ...l, returned: back, returnable: returnable(l.quantity, back) } : l;
      }),
    };
  });
}

/** A customer's orders, newest first, key-paginated on (ordered_at, id). */
export async function listOrders(
  ctx: Ctx,
  f: { customerId: string; limit: number; cursor?: string },
): Promise<Page<Order>> {
  return ctx.tx(async (tx) => {
    await requireVisibleCustomer(ctx, tx, f.customerId);
    const keys = newestFirst(orders.orderedAt, orders.id, f.cursor, (o: Order) => [o.orderedAt, o.id]);
    const rows = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, ctx.actor.tenantId), eq(orders.customerId, f.customerId), keys.after))
      .orderBy(...keys.order)
      .limit(f.limit + 1);
    return keys.page(rows, f.limit);
  });
}
