import copyStreams from 'pg-copy-streams';
import type { Database } from '../../db/client.ts';

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

/** COPY of rows already written as CSV by toCsv, in pieces (not joined: flattening 100 MB of text costs a second). */
export async function copyCsv(database: Database, table: string, columns: string[], csv: string[]): Promise<void> {
  if (csv.every((piece) => piece === '')) return;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  if (database.pglite) {
    await database.pglite.query(statement.replace('STDIN', "'/dev/blob'"), [], { blob: new Blob(csv) });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyStreams.from(statement));
      stream.on('finish', () => resolve());
      stream.on('error', reject);
      for (const piece of csv) if (piece !== '') stream.write(piece);
      stream.end();
    });
  } finally {
    client.release();
  }
}
