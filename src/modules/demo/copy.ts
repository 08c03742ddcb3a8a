import copyStreams from 'pg-copy-streams';
import type { Database } from '../../db/client.ts';

/** Bulk loading for demo data and imports: COPY on both databases (PGlite reads it from a blob). */
export type Cell = string | number | boolean | null | undefined | Date | string[];

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return quote(`{${v.map((x) => `"${x.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`);
  return quote(v);
}
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function toCsv(rows: Cell[][]): string {
  let out = '';
  for (const r of rows) out += `${r.map(cell).join(',')}\n`;
  return out;
}

export async function copyRows(database: Database, table: string, columns: string[], rows: Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const csv = toCsv(rows);
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  if (database.pglite) {
    await database.pglite.query(statement.replace('STDIN', "'/dev/blob'"), [], { blob: new Blob([csv]) });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyStreams.from(statement));
      stream.on('finish', () => resolve());
      stream.on('error', reject);
      stream.end(csv);
    });
  } finally {
    client.release();
  }
}
