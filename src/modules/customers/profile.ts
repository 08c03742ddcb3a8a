import { and, desc, eq } from 'drizzle-orm';
import type { Ctx } from '../../http/context.ts';
import { decodeTimeKey, encodeTimeKey, olderThan, type Page } from '../../http/pagination.ts';
import { auditLog } from '../audit/schema.ts';
import { toFull } from './read.ts';
import { profileSections, type TimelineItem, timelineProviders } from './registry.ts';
import { requireVisibleCustomer } from './service.ts';

/** How long a decision-maker may go without contact before the file warns (DOMAIN §1). */
export const DECISION_MAKER_QUIET_DAYS = 90;

/** Customer 360: the whole file plus every registered module's section, read in one transaction. */
export async function customer360(ctx: Ctx, id: string, now = new Date()) {
  return ctx.tx(async (tx) => {
    const row = await requireVisibleCustomer(ctx, tx, id);
    const customer = await toFull(tx, ctx.actor.tenantId, row);
    const cutoff = now.getTime() - DECISION_MAKER_QUIET_DAYS * 86400_000;
    const sections: Record<string, unknown> = {
      contacts: {
        byRole: groupByRole(customer.contacts),
        quietDecisionMakers: customer.contacts
          .filter(
            (c) => c.role === 'decision_maker' && !c.until && (!c.lastContactAt || c.lastContactAt.getTime() < cutoff),
          )
          .map((c) => ({ personId: c.personId, name: c.personName, lastContactAt: c.lastContactAt })),
      },
    };
    for (const [name, provider] of profileSections) sections[name] = await provider(ctx, tx, row);
    return { customer, sections };
  });
}

/** One timeline of everything: registered providers (orders, interactions, tasks, …) and the file's own changes. */
export async function timeline(ctx: Ctx, id: string, limit: number, cursor?: string): Promise<Page<TimelineItem>> {
  const page = { before: decodeTimeKey(cursor), limit: limit + 1 };
  return ctx.tx(async (tx) => {
    await requireVisibleCustomer(ctx, tx, id);
    const items: TimelineItem[] = [];
    for (const provider of timelineProviders.values()) items.push(...(await provider(ctx, tx, id, page)));
    const changes = await tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, ctx.actor.tenantId),
          eq(auditLog.entity, 'customer'),
          eq(auditLog.entityId, id),
          olderThan(auditLog.at, auditLog.id, page.before),
        ),
      )
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(page.limit);
    for (const c of changes)
      items.push({
        at: c.at,
        kind: 'change',
        id: c.id,
        title: c.action,
        detail: c.changes ? Object.keys(c.changes).join(', ') : null,
        actorName: c.actorName,
      });
    items.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));
    const data = items.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: items.length > limit ? encodeTimeKey(last) : null };
  });
}

function groupByRole<T extends { role: string }>(list: T[]): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const x of list) {
    out[x.role] ??= [];
    out[x.role].push(x);
  }
  return out;
}
