import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { invalidField } from './errors.ts';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Key-based pagination: the cursor is the last row's sort key, opaque to clients. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidField('query.cursor', 'is not a cursor this server gave out');
  }
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

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
  const c = decodeCursor<[string, string]>(cursor);
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
