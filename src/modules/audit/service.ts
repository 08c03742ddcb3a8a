import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../core/context.ts';
import { Forbidden } from '../../core/errors.ts';
import { newestFirst, olderThan, type Page, type TimeKey } from '../../core/pagination.ts';
import { allows } from '../../core/policy.ts';
import type { Tx } from '../../db/client.ts';
import { type AuditRef, idsOf, resolveRefs } from './names.ts';
import { auditLog, type FieldChanges } from './schema.ts';

const HIDDEN = new Set(['passwordHash', 'tokenHash', 'updatedAt', 'createdAt']);

/** Field-by-field before → after, ignoring unchanged and secret fields. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChanges {
  const out: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (HIDDEN.has(k)) continue;
    const from = before?.[k] ?? null;
    const to = after?.[k] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string | null;
  changes?: FieldChanges;
}

/** Appends audit entries inside the caller's transaction, so a write and its audit commit or fail together. */
export async function record(tx: Tx, ctx: Pick<Ctx, 'actor' | 'requestId'>, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const a = ctx.actor;
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      tenantId: a.tenantId,
      actorType: a.kind,
      actorId: a.kind === 'token' ? (a.tokenId ?? null) : a.kind === 'system' ? null : a.userId,
      actorName: a.name,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      changes: e.changes ?? null,
      requestId: ctx.requestId,
    })),
  );
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Newest first, key-paginated on (at, id), with the names of the records the page mentions. */
export async function list(ctx: Ctx, f: AuditFilter): Promise<Page<AuditRow> & { refs: Record<string, AuditRef> }> {
  if (!allows(ctx.actor, 'audit.read')) throw new Forbidden('Only owners and admins can read the audit log.');
  const conds: SQL[] = [eq(auditLog.tenantId, ctx.actor.tenantId)];
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lte(auditLog.at, f.to));
  const keys = newestFirst(auditLog.at, auditLog.id, f.cursor, (r: AuditRow) => [r.at, r.id]);
  if (keys.after) conds.push(keys.after);
  return ctx.tx(async (tx) => {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(...conds))
      .orderBy(...keys.order)
      .limit(f.limit + 1);
    const page = keys.page(rows, f.limit);
    return { ...page, refs: await resolveRefs(tx, ctx.actor.tenantId, idsOf(page.data)) };
  });
}

/**
 * One record's own history, newest first, strictly before `before` (a file's timeline shows its changes): the
 * caller decides who may see it; the audit log's own list needs audit.read.
 */
export async function historyOf(
  tx: Tx,
  tenantId: string,
  entity: string,
  entityId: string,
  page: { before?: TimeKey; limit: number },
): Promise<AuditRow[]> {
  return tx
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.tenantId, tenantId),
        eq(auditLog.entity, entity),
        eq(auditLog.entityId, entityId),
        olderThan(auditLog.at, auditLog.id, page.before),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.limit);
}
