import { and, desc, eq } from 'drizzle-orm';
import { olderThan } from '../../http/pagination.ts';
import { registerCustomerRowsMover, registerProfileSection, registerTimelineProvider } from '../customers/registry.ts';
import { averageIntervalDays } from './rules.ts';
import { orders } from './schema.ts';
import { refreshPurchaseStats } from './service.ts';

/** What orders add to the customer file: a purchases section, timeline entries, and moving with a merge. */
registerProfileSection('orders', async (ctx, tx, customer) => {
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
});

registerTimelineProvider('orders', async (ctx, tx, customerId, page) => {
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
});

registerCustomerRowsMover('orders', orders, async (tx, tenantId, customerIds) => {
  for (const id of customerIds) await refreshPurchaseStats(tx, tenantId, id);
});
