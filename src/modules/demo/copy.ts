import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Database, Tx } from '../../db/client.ts';

/** Bulk loading for demo data and imports: COPY on both databases (PGlite reads it from a blob). */
export type Cell = string | number | boolean | null | undefined | Date | string[];

// Unquoted empty is NULL in COPY's CSV, so '' is quoted; a leading backslash is quoted so `\.` never ends the data.
const needsQuotes = /^$|^\\|[",\r\n]/;
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return needsQuotes.test(v) ? quote(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return quote(`{${v.map((x) => `"${x.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`);
}

export function toCsv(rows: Cell[][]): string {
  let out = '';
  for (const r of rows) {
    let line = cell(r[0]);
    for (let i = 1; i < r.length; i++) line += `,${cell(r[i])}`;
    out += `${line}\n`;
  }
  return out;
}

/** The connection under a drizzle transaction (PGlite's Transaction or a pg PoolClient), for COPY inside it. */
type Raw = { query(...args: unknown[]): unknown };
function connectionOf(tx: Tx): Raw {
  const client = (tx as unknown as { session?: { client?: Raw } }).session?.client;
  if (typeof client?.query !== 'function') throw new Error("COPY: cannot reach the transaction's connection");
  return client;
}

/**
 * COPY of rows already written as CSV by toCsv, in pieces (not joined: flattening 100 MB of text costs a second).
 * With `tx`, inside that transaction (the demo loads all or nothing); without, on a connection of its own.
 */
export async function copyCsv(
  database: Database,
  table: string,
  columns: string[],
  csv: string[],
  tx?: Tx,
): Promise<void> {
  if (csv.every((piece) => piece === '')) return;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  if (database.kind === 'pglite') {
    const target = (tx ? connectionOf(tx) : database.pglite!) as Pick<PGlite, 'query'>;
    await target.query(statement.replace('STDIN', "'/dev/blob'"), [], { blob: new Blob(csv) });
    return;
  }
  const client = (tx ? connectionOf(tx) : await database.pool!.connect()) as pg.PoolClient;
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyStreams.from(statement));
      stream.on('finish', () => resolve());
      stream.on('error', reject);
      for (const piece of csv) if (piece !== '') stream.write(piece);
      stream.end();
    });
  } finally {
    if (!tx) client.release();
  }
}
