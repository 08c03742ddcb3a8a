import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import type { DurableSubscriber, EmittedEvent } from '../../core/events.ts';
import { enqueueMail } from '../../core/mail/outbox.ts';
import { newestFirst, type Page } from '../../core/pagination.ts';
import type { Tx } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { tenantCachedInTx } from '../tenants/service.ts';
import { activeUsersWithRoles, findUser } from '../users/service.ts';
import { KIND_NAMES, KINDS, type NotificationKind, render } from './messages.ts';
import { notificationPrefs, notifications } from './schema.ts';

export type Notification = Pick<
  typeof notifications.$inferSelect,
  'id' | 'kind' | 'params' | 'link' | 'createdAt' | 'readAt'
>;

interface Draft {
  kind: NotificationKind;
  to: string[];
  params: Record<string, string | number | null>;
  link: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What an event means to whom. Nobody is told about what they did themselves. */
async function draft(tx: Tx, e: EmittedEvent): Promise<Draft | null> {
  const d = e.data ?? {};
  const actorId = str(d.actorId);
  const others = (ids: (string | null)[]) => ids.filter((id): id is string => !!id && id !== actorId);
  switch (e.type) {
    case 'task.assigned':
      return {
        kind: 'task.assigned',
        to: others([str(d.assigneeId)]),
        params: { actorName: str(d.actorName), title: str(d.title), customerName: str(d.customerName) },
        link: '/tasks',
      };
    case 'customer.owner_changed':
      return {
        kind: 'customer.assigned',
        to: others([str(d.ownerId)]),
        params: { actorName: str(d.actorName), customerName: str(d.customerName) },
        link: e.entityId ? `/customers/${e.entityId}` : null,
      };
    case 'job.dead':
    case 'job.completed': {
      const starter = str(d.createdBy);
      const to =
        starter !== null
          ? [starter]
          : e.type === 'job.dead'
            ? (await activeUsersWithRoles(tx, e.tenantId, ['owner', 'admin'])).map((u) => u.id)
            : [];
      return {
        kind: e.type === 'job.dead' ? 'job.failed' : 'job.completed',
        to,
        params: { jobName: str(d.name), error: str(d.error) },
        link: e.entityId ? `/jobs/${e.entityId}` : '/jobs',
      };
    }
    default:
      return null;
  }
}

/** The durable subscriber: one notification per recipient and event (a redelivery inserts nothing), and its mail. */
export const notifier: DurableSubscriber = {
  name: 'notifications',
  types: ['task.assigned', 'customer.owner_changed', 'job.dead', 'job.completed'],
  handle: (event, tools) =>
    withTenant(tools.db, event.tenantId, async (tx) => {
      const d = await draft(tx, event);
      if (!d) return;
      for (const userId of d.to) {
        const user = await findUser(tx, event.tenantId, userId);
        if (!user?.active) continue;
        const [made] = await tx
          .insert(notifications)
          .values({ tenantId: event.tenantId, userId, kind: d.kind, params: d.params, link: d.link, eventId: event.id })
          .onConflictDoNothing()
          .returning({ id: notifications.id });
        if (!made || !tools.mailEnabled || !(await wantsEmail(tx, event.tenantId, userId, d.kind))) continue;
        // A user who never chose a language reads the business's.
        const locale = user.locale ?? (await tenantCachedInTx(tx, event.tenantId)).locale;
        const { subject, body } = render(d.kind, d.params, locale);
        await enqueueMail(tx, event.tenantId, {
          kind: 'notification',
          idempotencyKey: `notification:${made.id}`,
          to: user.email,
          subject,
          text: body,
        });
      }
    }),
};

async function wantsEmail(tx: Tx, tenantId: string, userId: string, kind: NotificationKind): Promise<boolean> {
  const [p] = await tx
    .select({ email: notificationPrefs.email })
    .from(notificationPrefs)
    .where(
      and(
        eq(notificationPrefs.tenantId, tenantId),
        eq(notificationPrefs.userId, userId),
        eq(notificationPrefs.kind, kind),
      ),
    );
  return p ? p.email : KINDS[kind].emailDefault;
}

/** A user's own notifications only: the recipient is the actor, never a parameter. */
function recipient(ctx: Ctx): string {
  if (ctx.actor.kind !== 'user') throw new NotFound('notification');
  return ctx.actor.userId;
}

const mine = (ctx: Ctx) =>
  and(eq(notifications.tenantId, ctx.actor.tenantId), eq(notifications.userId, recipient(ctx)));

export async function listNotifications(
  ctx: Ctx,
  q: { limit: number; cursor?: string; unread?: boolean },
): Promise<Page<Notification> & { unread: number }> {
  const n = notifications;
  const keys = newestFirst(n.createdAt, n.id, q.cursor, (r: Notification) => [r.createdAt, r.id]);
  return ctx.tx(async (tx) => {
    const found = await tx
      .select({ id: n.id, kind: n.kind, params: n.params, link: n.link, createdAt: n.createdAt, readAt: n.readAt })
      .from(n)
      .where(and(mine(ctx), q.unread ? isNull(n.readAt) : undefined, keys.after))
      .orderBy(...keys.order)
      .limit(q.limit + 1);
    return { ...keys.page(found, q.limit), unread: await unreadIn(tx, ctx) };
  });
}

async function unreadIn(tx: Tx, ctx: Ctx): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ctx), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

export const unreadCount = (ctx: Ctx): Promise<number> => ctx.tx((tx) => unreadIn(tx, ctx));

export async function markRead(ctx: Ctx, id: string): Promise<void> {
  const done = await ctx.tx((tx) =>
    tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(and(mine(ctx), eq(notifications.id, id)))
      .returning({ id: notifications.id }),
  );
  if (done.length === 0) throw new NotFound('notification');
}

export async function markAllRead(ctx: Ctx): Promise<number> {
  const done = await ctx.tx((tx) =>
    tx
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(mine(ctx), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return done.length;
}

export interface Preference {
  kind: NotificationKind;
  email: boolean;
}

export async function getPreferences(ctx: Ctx): Promise<Preference[]> {
  const userId = recipient(ctx);
  const saved = await ctx.tx((tx) =>
    tx
      .select()
      .from(notificationPrefs)
      .where(and(eq(notificationPrefs.tenantId, ctx.actor.tenantId), eq(notificationPrefs.userId, userId))),
  );
  const byKind = new Map(saved.map((p) => [p.kind, p.email]));
  return KIND_NAMES.map((kind) => ({ kind, email: byKind.get(kind) ?? KINDS[kind].emailDefault }));
}

export async function setPreferences(ctx: Ctx, prefs: Preference[]): Promise<Preference[]> {
  const userId = recipient(ctx);
  if (prefs.length > 0)
    await ctx.tx((tx) =>
      tx
        .insert(notificationPrefs)
        .values(prefs.map((p) => ({ tenantId: ctx.actor.tenantId, userId, kind: p.kind, email: p.email })))
        .onConflictDoUpdate({
          target: [notificationPrefs.tenantId, notificationPrefs.userId, notificationPrefs.kind],
          set: { email: sql`excluded.email` },
        }),
    );
  return getPreferences(ctx);
}
