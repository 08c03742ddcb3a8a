import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { olderThan } from '../../core/pagination.ts';
import { can } from '../../core/policy.ts';
import { customerRowsMover, type FileSection, type MergeMover, type TimelineProvider } from '../customers/service.ts';
import { interactions, tasks } from './schema.ts';
import { visibleTasks } from './tasks.ts';

/** What the diary adds to the customer file (declared in the manifest): recent touches, open tasks, timeline entries, moving with a merge. */
export const interactionsSection: FileSection = {
  name: 'interactions',
  permission: 'interaction.read',
  async read(ctx, tx, customer) {
    if (!can(ctx.actor, 'interaction.read', customer, await ctx.reach(tx))) return [];
    return tx
      .select()
      .from(interactions)
      .where(and(eq(interactions.tenantId, ctx.actor.tenantId), eq(interactions.customerId, customer.id)))
      .orderBy(desc(interactions.occurredAt))
      .limit(10);
  },
};

/** The file's open tasks the actor may read. */
export const tasksSection: FileSection = {
  name: 'tasks',
  permission: 'task.read',
  read: async (ctx, tx, customer) =>
    tx
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.tenantId, ctx.actor.tenantId),
          eq(tasks.customerId, customer.id),
          isNull(tasks.doneAt),
          await visibleTasks(ctx, tx),
        ),
      )
      .orderBy(asc(tasks.dueAt))
      .limit(20),
};

export const interactionsTimeline: TimelineProvider = {
  name: 'interactions',
  permission: 'interaction.read',
  async entries(ctx, tx, customerId, page) {
    const r = await tx
      .select()
      .from(interactions)
      .where(
        and(
          eq(interactions.tenantId, ctx.actor.tenantId),
          eq(interactions.customerId, customerId),
          olderThan(interactions.occurredAt, interactions.id, page.before),
        ),
      )
      .orderBy(desc(interactions.occurredAt), desc(interactions.id))
      .limit(page.limit);
    return r.map((i) => ({ at: i.occurredAt, kind: 'interaction', id: i.id, title: i.type, detail: i.summary }));
  },
};

// A task stands in the timeline at the time it shows: when it was done, else when it was created.
const taskAt = sql<Date>`coalesce(${tasks.doneAt}, ${tasks.createdAt})`;

export const tasksTimeline: TimelineProvider = {
  name: 'tasks',
  permission: 'task.read',
  async entries(ctx, tx, customerId, page) {
    const r = await tx
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.tenantId, ctx.actor.tenantId),
          eq(tasks.customerId, customerId),
          await visibleTasks(ctx, tx),
          olderThan(taskAt, tasks.id, page.before),
        ),
      )
      .orderBy(desc(taskAt), desc(tasks.id))
      .limit(page.limit);
    return r.map((x) => ({
      at: x.doneAt ?? x.createdAt,
      kind: 'task',
      id: x.id,
      title: x.title,
      detail: x.doneAt ? 'done' : x.dueAt.toISOString(),
    }));
  },
};

export const interactionsMover: MergeMover = customerRowsMover('interactions', interactions);
export const tasksMover: MergeMover = customerRowsMover('tasks', tasks);
