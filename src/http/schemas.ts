import { z } from 'zod';
import { problemSchema } from './problem.ts';

/** Shared zod pieces for routes. Bodies are strict: unknown fields are a 422, not silently dropped. */
export const idParam = z.object({ id: z.uuid() });
export const email = z.string().trim().max(254).pipe(z.email('is not a valid email address'));
export const password = z.string().min(10, 'must be at least 10 characters').max(200);
export const name = z.string().trim().min(1, 'is required').max(200);
export const isoDate = z.coerce.date();

/** Error responses every route may give, documented once. */
export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;
