import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { type FieldError, Forbidden, Invalid, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { can, ownerFilter } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { birthdaysOn, customerNames, customerRefErrors, requireVisibleCustomer } from '../customers/service.ts';
import { tenantInTx } from '../tenants/service.ts';
import { userNames, userRefErrors } from '../users/service.ts';
import { ageOn, birthdayKeys, dayWindow } from './rules.ts';
import { type PRIORITIES, tasks } from './schema.ts';

export type Task = typeof tasks.$inferSelect;
export type TaskOut = Task & { customerName: string | null; assigneeName: string | null };

export interface TaskInput {
  title: string;
  notes?: string | null;
  dueAt: Date;
  assigneeId?: string;
  customerId?: string | null;
  contactId?: string | null;
  interactionId?: string | null;
  priority?: (typeof PRIORITIES)[number];
}

/** The tasks the actor may read, as a condition (GET /tasks, the file's open tasks and its timeline agree). */
export async function visibleTasks(ctx: Ctx, tx: Tx): Promise<SQL | undefined> {
  const v = ownerFilter(ctx.actor, 'task.read', await ctx.reach(tx));
  if (v.kind === 'all') return undefined;
  if (v.kind === 'none') return sql`false`;
  return inArray(tasks.assigneeId, v.ownerIds);
}

/**
 * Every id a task names, checked before any write: the assignee (an active colleague the actor may give tasks to),
 * the customer and the contact person (customers of this tenant the actor may see).
 */
async function taskRefErrors(
  ctx: Ctx,
  tx: Tx,
  input: Partial<Pick<TaskInput, 'assigneeId' | 'customerId' | 'contactId'>>,
  pathPrefix: string,
): Promise<FieldError[]> {
  const reach = await ctx.reach(tx);
  const assignee = input.assigneeId && input.assigneeId !== ctx.actor.userId ? input.assigneeId : null;
  return [
    ...(await userRefErrors(ctx, tx, [{ path: `${pathPrefix}.assigneeId`, id: assignee }], (id) =>
      can(ctx.actor, 'task.manage', { ownerId: id }, reach),
    )),
    ...(await customerRefErrors(ctx, tx, [
      { path: `${pathPrefix}.customerId`, id: input.customerId },
      { path: `${pathPrefix}.contactId`, id: input.contactId, kind: 'person' },
    ])),
  ];
}

/** Inserts a task in the caller's transaction (also used for an interaction's next step). */
export async function insertTask(ctx: Ctx, tx: Tx, input: TaskInput, pathPrefix = 'body'): Promise<Task> {
  const t = ctx.actor.tenantId;
  const assigneeId = input.assigneeId ?? ctx.actor.userId;
  const errors = await taskRefErrors(ctx, tx, input, pathPrefix);
  if (errors.length) throw new Invalid(errors);
  const [row] = await tx
    .insert(tasks)
    .values({
      tenantId: t,
      id: newId(),
      title: input.title,
      notes: input.notes ?? null,
      dueAt: input.dueAt,
      assigneeId,
      customerId: input.customerId ?? null,
      contactId: input.contactId ?? null,
      interactionId: input.interactionId ?? null,
      priority: input.priority ?? 'normal',
      createdBy: ctx.actor.userId,
    })
    .returning();
  await audit.record(tx, ctx, {
    action: 'task.create',
    entity: 'task',
    entityId: row.id,
    changes: audit.diff(null, { title: row.title, dueAt: row.dueAt, assigneeId }),
  });
  await emit(
    tx,
    eventBy(ctx, 'task.created', row.id, { assigneeId, title: row.title, customerId: row.customerId }),
    assigned(ctx, row),
  );
  return row;
}

/** Someone has a task to do (the notifications tell them unless they gave it themselves). */
const assigned = (ctx: Ctx, task: Task) =>
  eventBy(ctx, 'task.assigned', task.id, {
    assigneeId: task.assigneeId,
    title: task.title,
    customerId: task.customerId,
    dueAt: task.dueAt.toISOString(),
  });

export async function createTask(ctx: Ctx, input: TaskInput): Promise<TaskOut> {
  return ctx.tx(async (tx) => (await decorate(ctx, tx, [await insertTask(ctx, tx, input)]))[0]);
}

async function requireTask(ctx: Ctx, tx: Tx, id: string): Promise<Task> {
  const [task] = await tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.tenantId, ctx.actor.tenantId), eq(tasks.id, id)));
  if (!task || !can(ctx.actor, 'task.read', { ownerId: task.assigneeId }, await ctx.reach(tx)))
    throw new NotFound('task');
  if (!can(ctx.actor, 'task.manage', { ownerId: task.assigneeId }, await ctx.reach(tx)))
    throw new Forbidden('You may not change this task.');
  return task;
}

export async function updateTask(
  ctx: Ctx,
  id: string,
  patch: Partial<TaskInput> & { done?: boolean },
): Promise<TaskOut> {
  return ctx.tx(async (tx) => {
    const before = await requireTask(ctx, tx, id);
    const { done, ...fields } = patch;
    const errors = await taskRefErrors(
      ctx,
      tx,
      {
        assigneeId: fields.assigneeId !== before.assigneeId ? fields.assigneeId : undefined,
        customerId: fields.customerId !== before.customerId ? fields.customerId : undefined,
        contactId: fields.contactId !== before.contactId ? fields.contactId : undefined,
      },
      'body',
    );
    if (errors.length) throw new Invalid(errors);
    const now = ctx.clock.now();
    const values: Partial<Task> = { ...fields, updatedAt: now };
    if (done === true && !before.doneAt) Object.assign(values, { doneAt: now, doneBy: ctx.actor.userId });
    if (done === false) Object.assign(values, { doneAt: null, doneBy: null });
    const [after] = await tx
      .update(tasks)
      .set(values)
      .where(and(eq(tasks.tenantId, ctx.actor.tenantId), eq(tasks.id, id)))
      .returning();
    const action = done === true ? 'task.complete' : done === false ? 'task.reopen' : 'task.update';
    const changes = audit.diff(before, after);
    await audit.record(tx, ctx, { action, entity: 'task', entityId: id, changes });
    const events = [eventBy(ctx, 'task.updated', id, { fields: Object.keys(changes), customerId: after.customerId })];
    if (after.doneAt && !before.doneAt)
      events.push(eventBy(ctx, 'task.completed', id, { assigneeId: after.assigneeId }));
    if (!after.doneAt && before.doneAt)
      events.push(eventBy(ctx, 'task.reopened', id, { assigneeId: after.assigneeId }));
    if (after.assigneeId !== before.assigneeId) events.push(assigned(ctx, after));
    await emit(tx, ...events);
    return (await decorate(ctx, tx, [after]))[0];
  });
}

async function decorate(ctx: Ctx, tx: Tx, list: Task[]): Promise<TaskOut[]> {
  const t = ctx.actor.tenantId;
  const names = await customerNames(
    tx,
    t,
    list.map((x) => x.customerId),
  );
  const who = await userNames(
    tx,
    t,
    list.map((x) => x.assigneeId),
  );
  return list.map((x) => ({
    ...x,
    customerName: x.customerId ? (names.get(x.customerId) ?? null) : null,
    assigneeName: who.get(x.assigneeId) ?? null,
  }));
}

export interface TaskFilter {
  assignee?: string;
  status?: 'open' | 'done';
  customerId?: string;
  due?: 'overdue' | 'today' | 'upcoming';
  limit: number;
}

/** Tasks by assignee (default me), status, customer and due window, soonest first. */
export async function listTasks(ctx: Ctx, f: TaskFilter): Promise<TaskOut[]> {
  const now = ctx.clock.now();
  return ctx.tx(async (tx) => {
    const t = ctx.actor.tenantId;
    const reach = await ctx.reach(tx);
    // 'team': every assignee the actor may read the tasks of (a manager's team, an owner's whole business).
    const team = f.assignee === 'team';
    const assignee = !f.assignee || f.assignee === 'me' || team ? ctx.actor.userId : f.assignee;
    if (!team && !can(ctx.actor, 'task.read', { ownerId: assignee }, reach) && !f.customerId) return [];
    const win = dayWindow(now, (await tenantInTx(tx, t)).timezone);
    const conds: (SQL | undefined)[] = [eq(tasks.tenantId, t)];
    if (f.customerId) {
      await requireVisibleCustomer(ctx, tx, f.customerId);
      conds.push(eq(tasks.customerId, f.customerId));
    }
    if (f.customerId || team) conds.push(await visibleTasks(ctx, tx));
    if (f.customerId && f.assignee && !team) conds.push(eq(tasks.assigneeId, assignee));
    if (!f.customerId && !team) conds.push(eq(tasks.assigneeId, assignee));
    if (f.status === 'open') conds.push(isNull(tasks.doneAt));
    if (f.status === 'done') conds.push(isNotNull(tasks.doneAt));
    if (f.due === 'overdue') conds.push(lt(tasks.dueAt, win.todayStart));
    if (f.due === 'today') conds.push(gte(tasks.dueAt, win.todayStart), lt(tasks.dueAt, win.tomorrowStart));
    if (f.due === 'upcoming') conds.push(gte(tasks.dueAt, win.tomorrowStart), lt(tasks.dueAt, win.weekEnd));
    const rows = await tx
      .select()
      .from(tasks)
      .where(and(...conds))
      .orderBy(asc(tasks.dueAt), asc(tasks.id))
      .limit(f.limit);
    return decorate(ctx, tx, rows);
  });
}

/** At most this many birthdays on My day (a business of 1M customers has ~2,700 a day). */
const BIRTHDAYS_SHOWN = 100;

/**
 * My day: my open tasks overdue / today / upcoming, and today's birthdays among my customers and their contacts;
 * `at` shows another day (the day around that instant), by default the clock's.
 */
export async function myDay(ctx: Ctx, at?: Date) {
  const now = at ?? ctx.clock.now();
  return ctx.tx(async (tx) => {
    const t = ctx.actor.tenantId;
    const tenant = await tenantInTx(tx, t);
    const win = dayWindow(now, tenant.timezone);
    const open = await tx
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.tenantId, t),
          eq(tasks.assigneeId, ctx.actor.userId),
          isNull(tasks.doneAt),
          lt(tasks.dueAt, win.weekEnd),
        ),
      )
      .orderBy(asc(tasks.dueAt))
      .limit(500);
    const all = await decorate(ctx, tx, open);
    const overdue = all.filter((x) => x.dueAt < win.todayStart);
    const today = all.filter((x) => x.dueAt >= win.todayStart && x.dueAt < win.tomorrowStart);
    const upcoming = all.filter((x) => x.dueAt >= win.tomorrowStart);
    const found = await birthdaysOn(ctx, tx, birthdayKeys(win.year, win.month, win.day), BIRTHDAYS_SHOWN);
    const birthdays = found.map(({ birthYear, ...b }) => ({ ...b, age: ageOn(birthYear, win.year) }));
    return {
      overdue,
      today,
      upcoming,
      birthdays,
      counts: { overdue: overdue.length, today: today.length, upcoming: upcoming.length, birthdays: birthdays.length },
      date: `${win.year}-${String(win.month).padStart(2, '0')}-${String(win.day).padStart(2, '0')}`,
    };
  });
}
