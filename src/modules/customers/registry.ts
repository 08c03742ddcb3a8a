import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rows, type Tx } from '../../db/client.ts';
import type { Ctx } from '../../http/context.ts';
import type { TimeKey } from '../../http/pagination.ts';
import type { customers } from './schema.ts';

/**
 * Extension points so later modules (orders, interactions, membership, service, voice, analytics) add to the
 * customer file without customers/ importing them: Customer 360 sections, timeline entries, and merge movers.
 */
export type CustomerRow = typeof customers.$inferSelect;

export type ProfileSection = (ctx: Ctx, tx: Tx, customer: CustomerRow) => Promise<unknown>;

export interface TimelineItem {
  at: Date;
  kind: string;
  id: string;
  title: string;
  detail?: string | null;
  actorName?: string | null;
}
export type TimelineProvider = (
  ctx: Ctx,
  tx: Tx,
  customerId: string,
  page: { before?: TimeKey; limit: number },
) => Promise<TimelineItem[]>;

export interface MergeMover {
  name: string;
  /** Re-points the loser's rows to the survivor; returns the moved row ids (kept for undo). */
  move(tx: Tx, tenantId: string, fromId: string, toId: string): Promise<string[]>;
  /** Undo: points exactly these rows back to the restored customer. */
  moveBack(tx: Tx, tenantId: string, ids: string[], toId: string): Promise<void>;
}

export const profileSections = new Map<string, ProfileSection>();
export const timelineProviders = new Map<string, TimelineProvider>();
export const mergeMovers = new Map<string, MergeMover>();

export function registerProfileSection(name: string, provider: ProfileSection): void {
  profileSections.set(name, provider);
}
export function registerTimelineProvider(name: string, provider: TimelineProvider): void {
  timelineProviders.set(name, provider);
}
export function registerMergeMover(mover: MergeMover): void {
  mergeMovers.set(mover.name, mover);
}

/** A table whose rows belong to a customer through `customer_id` (orders, diary, tasks; later points, tickets). */
type CustomerRowsTable = PgTable & { tenantId: PgColumn; id: PgColumn; customerId: PgColumn };

/**
 * The usual merge mover: re-points a table's `customer_id`. `after` re-derives figures kept on the customers
 * touched (purchase totals), for both the move and its undo.
 */
export function registerCustomerRowsMover(
  name: string,
  table: CustomerRowsTable,
  after?: (tx: Tx, tenantId: string, customerIds: string[]) => Promise<void>,
): void {
  const setCustomer = (toId: string) => sql`update ${table} set ${sql.identifier(table.customerId.name)} = ${toId}`;
  registerMergeMover({
    name,
    async move(tx, tenantId, fromId, toId) {
      const moved = await rows<{ id: string }>(
        tx,
        sql`${setCustomer(toId)} where ${table.tenantId} = ${tenantId} and ${table.customerId} = ${fromId}
            returning ${table.id} as id`,
      );
      await after?.(tx, tenantId, [toId]);
      return moved.map((m) => m.id);
    },
    async moveBack(tx, tenantId, ids, toId) {
      if (ids.length === 0) return;
      const moved = await rows<{ survivor: string }>(
        tx,
        sql`${setCustomer(toId)} from (select ${table.customerId} as survivor from ${table}
              where ${table.tenantId} = ${tenantId} and ${table.id} = ${ids[0]}) was
            where ${table.tenantId} = ${tenantId} and ${table.id} in ${ids} returning was.survivor`,
      );
      await after?.(tx, tenantId, [toId, ...(moved[0] ? [moved[0].survivor] : [])]);
    },
  });
}
