import { AsyncLocalStorage } from 'node:async_hooks';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { selfChecks } from '../config.ts';
import { afterCommit, discardEvents } from '../core/events.ts';
import { type Db, rows, type Tx } from './client.ts';
import { APP_ROLE } from './security.ts';

const inTransaction = new AsyncLocalStorage<true>();

/**
 * The one way business code touches tenant data: a transaction that names the tenant and drops to the
 * non-owner app role, so row-level security holds even if a query forgets its tenant filter.
 * Opening one inside another is a bug (on PGlite, with one connection, it would wait on itself forever), so it
 * throws (under self-checks).
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(db, async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`);
    return fn(tx);
  });
}

/**
 * A transaction whose domain events (src/core/events.ts) are heard after it commits and forgotten if it rolls
 * back. Every transaction that may emit goes through here (withTenant does).
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | undefined;
  const open = () =>
    db.transaction((tx) => {
      handle = tx;
      return fn(tx);
    });
  // The check needs AsyncLocalStorage, which in Node 20 puts a hook on every promise of the process (~4% of
  // a cached read's CPU): tests and `npm run dev` catch the bug, production does not pay for it.
  let result: T;
  try {
    if (!selfChecks) result = await open();
    else if (inTransaction.getStore())
      throw new Error('a transaction opened inside a transaction: pass the tx down instead');
    else result = await inTransaction.run(true, open);
  } catch (err) {
    if (handle) discardEvents(handle);
    throw err;
  }
  if (handle) afterCommit(handle);
  return result;
}

/**
 * Runs an id-only candidate query as the owner role, before the request's tenant transaction opens. Row-level
 * security hides index use from non-leakproof operators (LIKE prefixes, array containment, trigram similarity:
 * every such search became a sequential scan, 50k rows ≈ 200 ms on PGlite). The caller must filter by tenant
 * itself and re-read the rows it returns inside its tenant transaction, so the second wall still stands for
 * anything shown. Outside the transaction it costs no role switches: one round trip.
 */
export async function idsWithoutRls<T>(db: Db, query: SQL): Promise<T[]> {
  if (selfChecks && inTransaction.getStore())
    throw new Error('idsWithoutRls runs before the tenant transaction, not inside it');
  return rows<T>(db, query);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dialect = new PgDialect();

/** A parameter written into the statement text: pg's own literal escaping, or plain numbers and booleans. */
function literal(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return pg.escapeLiteral(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/**
 * A read under the tenant's row-level security in one round trip on server PostgreSQL. withTenant costs four
 * (begin, set_config, the query, commit), and on this kind of machine every round trip is two socket syscalls on
 * each side: a search spent more CPU on them than on its queries. Statements sent in one simple Query message run
 * as one implicit transaction, so the transaction-local settings of the first hold for the second; that message
 * cannot carry parameters, so they are written in as literals with pg's escaping (strings, numbers, booleans —
 * anything else, and PGlite, take withTenant). Rows come back as the driver gives them (column names as selected).
 */
export async function readAsTenant<T extends Record<string, unknown>>(
  db: Db,
  tenantId: string,
  query: SQL,
): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool && UUID.test(tenantId) && !(selfChecks && inTransaction.getStore())) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const values = params.map(literal);
    if (values.every((v) => v !== undefined)) {
      const inlined = text.replace(/\$(\d+)/g, (_, n: string) => values[Number(n) - 1]!);
      const results = (await client.query(
        `select set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${APP_ROLE}', true); ${inlined}`,
      )) as unknown as { rows: T[] }[];
      return results[1].rows;
    }
  }
  return withTenant(db, tenantId, (tx) => rows<T>(tx, query));
}
