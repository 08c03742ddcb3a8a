import { and, desc, eq } from 'drizzle-orm';
import { olderThan } from '../../core/pagination.ts';
import { customerRowsMover, type FileSection, type MergeMover, type TimelineProvider } from '../customers/service.ts';
import { averageIntervalDays } from './rules.ts';
import { orders } from './schema.ts';
import { refreshPurchaseStats } from './service.ts';

/** What orders add to the customer file (declared in the manifest): a purchases section, timeline entries, moving with a merge. */
export const ordersSection: FileSection = {
  name: 'orders',
  permission: 'customer.read',
  async read(ctx, tx, customer) {
    const t = ctx.actor.tenantId;
    const recent = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.tenantId, t), eq(orders.customerId, customer.id)))
      .orderBy(desc(orders.orderedAt))
      .limit(5);
    const dates = await tx
      .select({ at: orders.orderedAt })
      .from(orders)
      .where(
        and(
          eq(orders.tenantId, t),
          eq(orders.customerId, customer.id),
          eq(orders.kind, 'sale'),
          eq(orders.status, 'completed'),
        ),
      )
      .orderBy(desc(orders.orderedAt))
      .limit(500);
    return {
      count: customer.orderCount,
      total: customer.totalSpend,
      firstAt: customer.firstPurchaseAt,
      lastAt: customer.lastPurchaseAt,
      averageIntervalDays: averageIntervalDays(dates.map((d) => d.at)),
      recent: recent.map((o) => ({
        id: o.id,
        kind: o.kind,
        orderedAt: o.orderedAt,
        total: o.total,
        currency: o.currency,
        status: o.status,
        channel: o.channel,
      })),
    };
  },
};

export const ordersTimeline: TimelineProvider = {
  name: 'orders',
  permission: 'customer.read',
  async entries(ctx, tx, customerId, page) {
    const r = await tx
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.tenantId, ctx.actor.tenantId),
          eq(orders.customerId, customerId),
          olderThan(orders.orderedAt, orders.id, page.before),
        ),
      )
      .orderBy(desc(orders.orderedAt), desc(orders.id))
      .limit(page.limit);
    return r.map((o) => ({
      at: o.orderedAt,
      kind: o.kind === 'return' ? 'return' : 'order',
      id: o.id,
      title: `${o.kind}:${o.total}:${o.currency}`,
      detail: o.channel ?? o.store ?? null,
    }));
  },
};

export const ordersMover: MergeMover = customerRowsMover('orders', orders, async (tx, tenantId, customerIds) => {
  for (const id of customerIds) await refreshPurchaseStats(tx, tenantId, id);
});
