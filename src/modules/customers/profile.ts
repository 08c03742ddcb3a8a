import type { Ctx } from '../../core/context.ts';
import { decodeTimeKey, encodeTimeKey, type Page } from '../../core/pagination.ts';
import { allows } from '../../core/policy.ts';
import { historyOf } from '../audit/service.ts';
import { fileSections, type TimelineItem, type TimelineProvider, timelineProviders } from './file-parts.ts';
import { toFull } from './read.ts';
import { requireVisibleCustomer } from './service.ts';

/** How long a decision-maker may go without contact before the file warns (DOMAIN §1). */
export const DECISION_MAKER_QUIET_DAYS = 90;

/**
 * Customer 360: the whole file, its own contacts section, and every installed module's section whose permission
 * the actor's role holds, read in one transaction.
 */
export async function customer360(ctx: Ctx, id: string) {
  const now = ctx.clock.now();
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
    for (const section of fileSections())
      if (allows(ctx.actor, section.permission)) sections[section.name] = await section.read(ctx, tx, row);
    return { customer, sections };
  });
}

/** The file's own changes in its timeline, from the audit log (who changed what, not the values). */
export const changesTimeline: TimelineProvider = {
  name: 'changes',
  permission: 'customer.read',
  async entries(ctx, tx, customerId, page) {
    const changes = await historyOf(tx, ctx.actor.tenantId, 'customer', customerId, page);
    return changes.map((c) => ({
      at: c.at,
      kind: 'change',
      id: c.id,
      title: c.action,
      detail: c.changes ? Object.keys(c.changes).join(', ') : null,
      actorName: c.actorName,
    }));
  },
};

/** One timeline of everything: each installed provider the actor's role may read (orders, diary, tasks, changes, …). */
export async function timeline(ctx: Ctx, id: string, limit: number, cursor?: string): Promise<Page<TimelineItem>> {
  const page = { before: decodeTimeKey(cursor), limit: limit + 1 };
  return ctx.tx(async (tx) => {
    await requireVisibleCustomer(ctx, tx, id);
    const items: TimelineItem[] = [];
    for (const provider of timelineProviders())
      if (allows(ctx.actor, provider.permission)) items.push(...(await provider.entries(ctx, tx, id, page)));
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
