import { z } from 'zod';
import { MIN_PASSWORD } from '../modules/users/rules.ts';
import { problemSchema } from './problem.ts';

/** Shared zod pieces for routes. Bodies are strict: unknown fields are a 422, not silently dropped. */
export const idParam = z.object({ id: z.uuid() });
export const email = z.string().trim().max(254).pipe(z.email('is not a valid email address'));
export const password = z.string().min(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`).max(200);
export const name = z.string().trim().min(1, 'is required').max(200);

/**
 * Input shapes shared by every route, bounded to what PostgreSQL stores: a JS Date reaches ±271,821 years and a JS
 * integer 2^53, a timestamptz only years 4713 BC–294276 AD and an integer column 2^31. Out of range is a 422 at the
 * edge, never a failed statement halfway through a write.
 */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** A point in time (ISO 8601 or anything Date parses) within years 1–9999. */
export const instant = z.coerce.date().refine(
  (d) => {
    const y = d.getUTCFullYear();
    return y >= MIN_YEAR && y <= MAX_YEAR;
  },
  { message: `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`, params: { code: 'out_of_range' } },
);

/** A whole number that fits an integer column. */
export const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

/** A quantity on an order line: enough for any shop, small enough that quantity × price stays exact. */
export const quantity = z.number().int().min(-1_000_000).max(1_000_000);

/** `?limit=&cursor=` of every list (src/core/pagination.ts decodes the cursor). */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/** A list's answer: `{ data, nextCursor }`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** Error responses every route may give, documented once. */
export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;
