import { hash } from '@node-rs/argon2';
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { type Ctx, eventBy } from '../../core/context.ts';
import { Conflict, type FieldError, Forbidden, fieldError, invalidField, NotFound } from '../../core/errors.ts';
import { emit } from '../../core/events.ts';
import { decodeCursor, encodeCursor, idCursor, type Page } from '../../core/pagination.ts';
import { type Actor, allows, mayGrantRole, type Reach } from '../../core/policy.ts';
import { rows, type Tx } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import * as audit from '../audit/service.ts';
import { revokeUserAccess } from '../auth/revoke.ts';
import { type ORG_UNIT_KINDS, orgUnits, type Role, users } from './schema.ts';

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, 'passwordHash'>;
export type OrgUnit = typeof orgUnits.$inferSelect;

export const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2);

export function publicUser(u: User): PublicUser {
  const { passwordHash: _, ...rest } = u;
  return rest;
}

/** Users are deactivated, never deleted, so the records they own keep a name. */
export async function listUsers(
  ctx: Ctx,
  f: { limit: number; cursor?: string; active?: boolean },
): Promise<Page<PublicUser>> {
  if (!allows(ctx.actor, 'user.read')) throw new Forbidden();
  const after = decodeCursor(f.cursor, idCursor);
  const rows = await ctx.tx((tx) =>
    tx
      .select()
      .from(users)
      .where(
        and(
          eq(users.tenantId, ctx.actor.tenantId),
          f.active === undefined ? undefined : eq(users.active, f.active),
          after ? gt(users.id, after) : undefined,
        ),
      )
      .orderBy(asc(users.id))
      .limit(f.limit + 1),
  );
  const data = rows.slice(0, f.limit).map(publicUser);
  return { data, nextCursor: rows.length > f.limit ? encodeCursor(data[data.length - 1].id) : null };
}

export async function getUser(ctx: Ctx, id: string): Promise<PublicUser> {
  if (!allows(ctx.actor, 'user.read') && id !== ctx.actor.userId) throw new Forbidden();
  const u = await ctx.tx((tx) => findUser(tx, ctx.actor.tenantId, id));
  if (!u) throw new NotFound('user');
  return publicUser(u);
}

/**
 * The one check for user ids in a body (an owner, an assignee, a rep): an active user of the actor's tenant, and,
 * when `may` is given, one the actor may hand this to. Unknown, foreign and inactive ids get the same answer.
 */
export async function userRefErrors(
  ctx: Ctx,
  tx: Tx,
  refs: { path: string; id: string | null | undefined }[],
  may?: (userId: string) => Promise<boolean> | boolean,
): Promise<FieldError[]> {
  const wanted = refs.filter((r): r is { path: string; id: string } => !!r.id);
  if (wanted.length === 0) return [];
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.tenantId, ctx.actor.tenantId),
        eq(users.active, true),
        inArray(users.id, [...new Set(wanted.map((r) => r.id))]),
      ),
    );
  const active = new Set(found.map((u) => u.id));
  const errors: FieldError[] = [];
  for (const r of wanted) {
    if (!active.has(r.id)) errors.push(fieldError(r.path, 'unknown_user'));
    else if (may && !(await may(r.id))) errors.push(fieldError(r.path, 'assignee_out_of_scope'));
  }
  return errors;
}

export async function findUser(tx: Tx, tenantId: string, id: string): Promise<User | undefined> {
  const [u] = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return u;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  orgUnitId?: string | null;
  locale?: string | null;
  password?: string;
}

/** Inserts a user in an open tenant transaction (used by setup, the CLI and the API). */
export async function insertUser(tx: Tx, tenantId: string, input: NewUser): Promise<User> {
  const email = input.email.trim().toLowerCase();
  const [dupe] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.email}) = ${email}`));
  if (dupe)
    throw new Conflict('email_taken', 'A user with this email already exists.', {}, [
      fieldError('body.email', 'taken'),
    ]);
  if (input.orgUnitId) await requireUnit(tx, tenantId, input.orgUnitId, 'body.orgUnitId');
  const [u] = await tx
    .insert(users)
    .values({
      tenantId,
      id: newId(),
      email,
      name: input.name.trim(),
      role: input.role,
      orgUnitId: input.orgUnitId ?? null,
      locale: input.locale ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    })
    .returning();
  return u;
}

export async function addUser(ctx: Ctx, input: NewUser): Promise<PublicUser> {
  requireManage(ctx.actor, input.role);
  return ctx.tx(async (tx) => {
    const u = await insertUser(tx, ctx.actor.tenantId, input);
    await audit.record(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: u.id,
      changes: audit.diff(null, publicUser(u)),
    });
    await emit(tx, eventBy(ctx, 'user.created', u.id, { role: u.role }));
    return publicUser(u);
  });
}

export interface UserPatch {
  name?: string;
  role?: Role;
  orgUnitId?: string | null;
  locale?: string | null;
  active?: boolean;
}

/** Admins change anyone below them; users may change their own name and language. */
export async function updateUser(ctx: Ctx, id: string, patch: UserPatch): Promise<PublicUser> {
  const self = id === ctx.actor.userId;
  const adminFields = patch.role !== undefined || patch.orgUnitId !== undefined || patch.active !== undefined;
  if (!self || adminFields) requireManage(ctx.actor, patch.role);
  return ctx.tx(async (tx) => {
    const before = await findUser(tx, ctx.actor.tenantId, id);
    if (!before) throw new NotFound('user');
    if (!self) requireManage(ctx.actor, before.role);
    if (self && (patch.active === false || (patch.role && patch.role !== before.role)))
      throw new Forbidden('You cannot deactivate yourself or change your own role.');
    if (before.role === 'owner' && (patch.active === false || (patch.role && patch.role !== 'owner')))
      await requireAnotherOwner(tx, ctx.actor.tenantId, id);
    if (patch.orgUnitId) await requireUnit(tx, ctx.actor.tenantId, patch.orgUnitId, 'body.orgUnitId');
    const now = ctx.clock.now();
    const values: Partial<User> = { ...patch, updatedAt: now };
    if (patch.name) values.name = patch.name.trim();
    if (patch.active === false && before.active) values.deactivatedAt = now;
    if (patch.active === true) values.deactivatedAt = null;
    const [after] = await tx
      .update(users)
      .set(values)
      .where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, id)))
      .returning();
    const action =
      patch.active === false ? 'user.deactivate' : patch.active === true ? 'user.reactivate' : 'user.update';
    const changes = audit.diff(publicUser(before), publicUser(after));
    await audit.record(tx, ctx, { action, entity: 'user', entityId: id, changes });
    if (patch.active === false && before.active) await revokeUserAccess(tx, ctx.actor.tenantId, id, now);
    // Role, name or active flag may have changed: the auth cache forgets its principals after the commit.
    const events = [eventBy(ctx, 'user.updated', id, { fields: Object.keys(changes) })];
    if (after.role !== before.role)
      events.push(eventBy(ctx, 'user.role_changed', id, { role: after.role, previousRole: before.role }));
    if (after.active !== before.active)
      events.push(eventBy(ctx, after.active ? 'user.reactivated' : 'user.deactivated', id));
    await emit(tx, ...events);
    return publicUser(after);
  });
}

async function requireAnotherOwner(tx: Tx, tenantId: string, exceptId: string): Promise<void> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.tenantId, tenantId),
        eq(users.role, 'owner'),
        eq(users.active, true),
        sql`${users.id} <> ${exceptId}`,
      ),
    );
  if (!row || row.n === 0) throw new Conflict('last_owner', 'A tenant must keep at least one active owner.');
}

function requireManage(actor: Actor, role?: Role): void {
  if (!allows(actor, 'user.manage')) throw new Forbidden('Only owners and admins manage users.');
  if (role && !mayGrantRole(actor.role, role)) throw new Forbidden(`An ${actor.role} cannot grant the ${role} role.`);
}

async function requireUnit(tx: Tx, tenantId: string, id: string, path: string): Promise<OrgUnit> {
  const [u] = await tx
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, id)));
  if (!u) throw invalidField(path, 'unknown_unit');
  return u;
}

// ---- teams and departments ----

export async function listUnits(ctx: Ctx): Promise<OrgUnit[]> {
  if (!allows(ctx.actor, 'user.read')) throw new Forbidden();
  return ctx.tx((tx) =>
    tx.select().from(orgUnits).where(eq(orgUnits.tenantId, ctx.actor.tenantId)).orderBy(asc(orgUnits.name)),
  );
}

export interface UnitInput {
  name: string;
  kind: (typeof ORG_UNIT_KINDS)[number];
  parentId?: string | null;
  leaderId?: string | null;
}

export async function saveUnit(ctx: Ctx, id: string | null, input: Partial<UnitInput>): Promise<OrgUnit> {
  if (!allows(ctx.actor, 'org.manage')) throw new Forbidden('Only owners and admins change teams and departments.');
  const t = ctx.actor.tenantId;
  return ctx.tx(async (tx) => {
    const before = id
      ? await requireUnit(tx, t, id, 'params.id').catch(() => {
          throw new NotFound('unit');
        })
      : null;
    if (input.parentId) {
      await requireUnit(tx, t, input.parentId, 'body.parentId');
      if (id && (await ancestorIds(tx, t, input.parentId)).includes(id))
        throw invalidField('body.parentId', 'unit_cycle');
    }
    if (input.leaderId && !(await findUser(tx, t, input.leaderId))) throw invalidField('body.leaderId', 'unknown_user');
    const [after] = before
      ? await tx
          .update(orgUnits)
          .set({ ...input, updatedAt: ctx.clock.now() })
          .where(and(eq(orgUnits.tenantId, t), eq(orgUnits.id, before.id)))
          .returning()
      : await tx
          .insert(orgUnits)
          .values({
            tenantId: t,
            id: newId(),
            name: input.name!,
            kind: input.kind!,
            parentId: input.parentId ?? null,
            leaderId: input.leaderId ?? null,
          })
          .returning();
    await audit.record(tx, ctx, {
      action: before ? 'unit.update' : 'unit.create',
      entity: 'org_unit',
      entityId: after.id,
      changes: audit.diff(before, after),
    });
    await emit(tx, eventBy(ctx, before ? 'org_unit.updated' : 'org_unit.created', after.id, { kind: after.kind }));
    return after;
  });
}

async function ancestorIds(tx: Tx, tenantId: string, id: string): Promise<string[]> {
  const r = await rows<{ id: string }>(
    tx,
    sql`
    with recursive up as (
      select id, parent_id from org_units where tenant_id = ${tenantId} and id = ${id}
      union all
      select o.id, o.parent_id from org_units o join up on o.id = up.parent_id where o.tenant_id = ${tenantId}
    ) select id from up`,
  );
  return r.map((x) => x.id);
}

/**
 * Team reach: members of my unit (and its sub-units when I lead it). Department reach: everyone under the
 * nearest department above me.
 */
export async function loadReach(tx: Tx, actor: Actor): Promise<Reach> {
  const r = await rows<{ scope: string; user_id: string }>(
    tx,
    sql`
    with recursive me as (
      select org_unit_id from users where tenant_id = ${actor.tenantId} and id = ${actor.userId}
    ),
    up as (
      select o.id, o.parent_id, o.kind, 0 as depth from org_units o, me where o.tenant_id = ${actor.tenantId} and o.id = me.org_unit_id
      union all
      select o.id, o.parent_id, o.kind, up.depth + 1 from org_units o join up on o.id = up.parent_id where o.tenant_id = ${actor.tenantId}
    ),
    dept as (select id from up where kind = 'department' order by depth limit 1),
    team_root as (
      select o.id from org_units o, me where o.tenant_id = ${actor.tenantId} and o.id = me.org_unit_id
    ),
    led as (select id from org_units where tenant_id = ${actor.tenantId} and leader_id = ${actor.userId}),
    down(id, scope) as (
      select id, 'department' from dept
      union select id, 'team' from team_root
      union select id, 'team' from led
      union all
      select o.id, down.scope from org_units o join down on o.parent_id = down.id
      where o.tenant_id = ${actor.tenantId} and (down.scope = 'department' or down.id in (select id from led))
    )
    select distinct down.scope, u.id as user_id from down join users u on u.tenant_id = ${actor.tenantId} and u.org_unit_id = down.id`,
  );
  const team = new Set<string>([actor.userId]);
  const department = new Set<string>([actor.userId]);
  for (const row of r) (row.scope === 'team' ? team : department).add(row.user_id);
  return { team, department };
}

/** Active users of a tenant holding one of `roles` (who hears what concerns the whole business). */
export async function activeUsersWithRoles(tx: Tx, tenantId: string, roles: Role[]): Promise<User[]> {
  return tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.role, roles)));
}

/** Active users of a tenant by name, with their roles (the owner and assignee pickers filter them by reach). */
export async function activeUsers(tx: Tx, tenantId: string): Promise<{ id: string; name: string; role: Role }[]> {
  return tx
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.active, true)))
    .orderBy(users.name);
}

/** Users' names by id (active or not: what they own keeps a name), one query for a page. */
export async function userNames(tx: Tx, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, want)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A user's name as a scalar sub-select, for list queries that return one row per record with its owner's name
 * in one statement (`tenantId` and `userId` are the outer query's columns).
 */
export const userNameSql = (tenantId: SQL, userId: SQL): SQL =>
  sql`(select u.name from users u where u.tenant_id = ${tenantId} and u.id = ${userId})`;
