import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { classifyDbError, DatabaseUnavailable } from './errors.ts';
import { acquireDataDirLock } from './lock.ts';
import * as schema from './schema.ts';

export { DatabaseUnavailable };

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The PGlite instance when embedded (for COPY-free bulk paths and cloning in tests). */
  pglite?: PGlite;
  /** The pool when on server PostgreSQL (for COPY). */
  pool?: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// bigint columns (money) come back as JS strings by default; counts and sums fit comfortably in a double here.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** In-memory PGlite (tests) when neither url nor dataDir is given. */
  pglite?: PGlite;
  poolSize?: number;
  /** Who opens an embedded data dir ("serve", "demo", …), recorded in its lock (src/db/lock.ts). */
  holder?: string;
}

/** Opens server PostgreSQL when a URL is given, else embedded PGlite in DATA_DIR/pg. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const database: Database = {
      kind: 'postgres',
      db,
      pool,
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
    try {
      await database.ping();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new DatabaseUnavailable(err);
    }
    return database;
  }
  let client = opts.pglite;
  // Two processes on one data dir destroy it: the lock is taken before PGlite touches a file.
  const release = !client && opts.dataDir ? acquireDataDirLock(opts.dataDir, opts.holder ?? 'granary') : undefined;
  if (!client) {
    let dir: string | undefined;
    if (opts.dataDir) {
      dir = join(opts.dataDir, 'pg');
      mkdirSync(dir, { recursive: true });
    }
    try {
      client = await PGlite.create(dir, { extensions: { pg_trgm } });
    } catch (err) {
      release?.();
      throw err;
    }
  }
  const pgl = client;
  const db = drizzlePglite(pgl, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: pgl,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      try {
        await pgl.close();
      } finally {
        release?.();
      }
    },
  };
}

/** A lost, refused or closed database (any driver): the request becomes 503, not 500. */
export function isConnectionError(err: unknown): boolean {
  return classifyDbError(err).failure === 'unavailable';
}

/** Raw SQL returning typed rows; both drivers answer with `{ rows }`. */
export async function rows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}
