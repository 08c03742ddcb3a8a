import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../core/context.ts';
import type { TimeKey } from '../../core/pagination.ts';
import type { Action } from '../../core/policy.ts';
import { rows, type Tx } from '../../db/client.ts';
import type { customers } from './schema.ts';

/**
 * What other modules (orders, interactions; later membership, service, voice, analytics) add to the customer file,
 * declared in their manifests (src/modules/<m>/index.ts) so customers/ never imports them: Customer 360 sections,
 * timeline entries and merge movers. installModules hands them to installFileParts; nothing registers by being
 * imported.
 */
export type CustomerRow = typeof customers.$inferSelect;

/** A section of GET /customers/:id/360, read only for an actor whose role holds `permission`. */
export interface FileSection {
  /** Its key under `sections`. */
  name: string;
  permission: Action;
  read(ctx: Ctx, tx: Tx, customer: CustomerRow): Promise<unknown>;
}

export interface TimelineItem {
  at: Date;
  kind: string;
  id: string;
  title: string;
  detail?: string | null;
  actorName?: string | null;
}

/** Entries of GET /customers/:id/timeline, read only for an actor whose role holds `permission`. */
export interface TimelineProvider {
  name: string;
  permission: Action;
  /** At most `page.limit` entries strictly older than `page.before`, newest first. */
  entries(ctx: Ctx, tx: Tx, customerId: string, page: { before?: TimeKey; limit: number }): Promise<TimelineItem[]>;
}

export interface MergeMover {
  name: string;
  /** Re-points the loser's rows to the survivor; returns the moved row ids (kept for undo). */
  move(tx: Tx, tenantId: string, fromId: string, toId: string): Promise<string[]>;
  /** Undo: points exactly these rows back to the restored customer. */
  moveBack(tx: Tx, tenantId: string, ids: string[], toId: string): Promise<void>;
}

const sections = new Map<string, FileSection>();
const providers = new Map<string, TimelineProvider>();
const movers = new Map<string, MergeMover>();

function add<T extends { name: string }>(kind: string, to: Map<string, T>, list: readonly T[] | undefined): void {
  for (const x of list ?? []) {
    const had = to.get(x.name);
    if (had === x) continue;
    if (had) throw new Error(`two ${kind}s are named ${x.name}`);
    to.set(x.name, x);
  }
}

/** Called by installModules with every manifest's parts; installing the same part again changes nothing. */
export function installFileParts(parts: {
  sections?: readonly FileSection[];
  providers?: readonly TimelineProvider[];
  movers?: readonly MergeMover[];
}): void {
  add('file section', sections, parts.sections);
  add('timeline provider', providers, parts.providers);
  add('merge mover', movers, parts.movers);
}

export const fileSections = (): Iterable<FileSection> => sections.values();
export const timelineProviders = (): Iterable<TimelineProvider> => providers.values();
export const mergeMovers = (): Iterable<MergeMover> => movers.values();

/** A table whose rows belong to a customer through `customer_id` (orders, diary, tasks; later points, tickets). */
type CustomerRowsTable = PgTable & { tenantId: PgColumn; id: PgColumn; customerId: PgColumn };

/**
 * The usual merge mover: re-points a table's `customer_id`. `after` re-derives figures kept on the customers
 * touched (purchase totals), for both the move and its undo.
 */
export function customerRowsMover(
  name: string,
  table: CustomerRowsTable,
  after?: (tx: Tx, tenantId: string, customerIds: string[]) => Promise<void>,
): MergeMover {
  const setCustomer = (toId: string) => sql`update ${table} set ${sql.identifier(table.customerId.name)} = ${toId}`;
  return {
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
  };
}
