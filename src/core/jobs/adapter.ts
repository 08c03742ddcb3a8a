import type PgBoss from 'pg-boss';
import type { Database } from '../../db/client.ts';

/**
 * pg-boss talks to the database through this adapter, so it shares the app's pool on PostgreSQL and runs on the
 * embedded PGlite as well. pg-boss sends its migrations as multi-statement text without parameters, which
 * PGlite's extended-protocol `query` refuses; those go through `exec` (simple protocol), the rest through `query`.
 */
export function bossDb(database: Database): PgBoss.Db {
  const { pool, pglite } = database;
  if (pool) return { executeSql: (text, values) => pool.query(text, values) };
  if (!pglite) throw new Error('bossDb: no pool and no PGlite');
  return {
    executeSql: async (text, values) => {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        const last = results[results.length - 1];
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
      }
      const r = await pglite.query(text, values);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}
