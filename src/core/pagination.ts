import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { invalidField } from './errors.ts';

/** A page of a list: its rows and the cursor of the next page (null on the last). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Key-based pagination: the cursor is the last row's sort key, opaque to clients. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The one cursor codec: a cursor decodes only into the shape its list gave out (checked by `shape`), so a forged,
 * truncated or foreign cursor is a 422 and never reaches SQL (`W10` → `[]` once became `id > ()`).
 */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('query.cursor', 'invalid_cursor');
  }
  const r = shape.safeParse(raw);
  if (!r.success) throw invalidField('query.cursor', 'invalid_cursor');
  return r.data;
}

/** An ISO instant PostgreSQL can store (JS dates reach ±271,821 years, timestamptz 4713 BC–294276 AD). */
const isoInstant = z.iso.datetime({ offset: true }).refine((v) => {
  const y = new Date(v).getUTCFullYear();
  return y >= 1 && y <= 9999;
});
/** Cursor shapes shared by lists: by id alone, and newest first by (time, id). */
export const idCursor = z.uuid();
export const timeIdCursor = z.tuple([isoInstant, z.uuid()]);

/**
 * Newest-first key paging on (time, id), shared by every timeline-like list: `after` is the condition for the
 * page behind `cursor`, `page` cuts the limit+1 rows read into the page and its next cursor.
 */
export function newestFirst<Row>(
  at: PgColumn,
  id: PgColumn,
  cursor: string | undefined,
  key: (r: Row) => [Date, string],
) {
  const c = decodeCursor(cursor, timeIdCursor);
  const t = c ? new Date(c[0]) : null;
  return {
    after: c && t ? or(lt(at, t), and(eq(at, t), lt(id, c[1]))) : undefined,
    order: [desc(at), desc(id)],
    page(rows: Row[], limit: number): Page<Row> {
      const data = rows.slice(0, limit);
      const last = data[data.length - 1];
      const k = last ? key(last) : null;
      return { data, nextCursor: rows.length > limit && k ? encodeCursor([k[0].toISOString(), k[1]]) : null };
    },
  };
}

/** A position in a newest-first list of mixed sources (the customer timeline): the last entry's time and id. */
export interface TimeKey {
  at: Date;
  id: string;
}

/** Rows strictly after `before` in (time, id) descending order; entries of one millisecond are neither lost nor repeated. */
export function olderThan(at: PgColumn | SQL, id: PgColumn, before: TimeKey | undefined): SQL | undefined {
  return before ? sql`(${at}, ${id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)` : undefined;
}

export const decodeTimeKey = (cursor: string | undefined): TimeKey | undefined => {
  const c = decodeCursor(cursor, timeIdCursor);
  return c ? { at: new Date(c[0]), id: c[1] } : undefined;
};
export const encodeTimeKey = (k: TimeKey): string => encodeCursor([k.at.toISOString(), k.id]);
