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
