import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { LockHolder } from '../../db/lock.ts';

/**
 * The local channel: `granary demo` run while a server holds the embedded data dir asks that server to load the
 * demo instead of opening the database a second time (which destroys it). The CLI proves it is on this machine
 * with access to the data dir by a key derived from the dir's session secret and the holder's pid and start, so a
 * key is worth nothing once that server stops; anyone who can read the secret could open the database anyway.
 * The route that answers it is in routes.ts.
 */
export const LOCAL_HEADER = 'x-granary-local';

export function localKey(secret: string, holder: Pick<LockHolder, 'pid' | 'startedAt'>): string {
  return createHmac('sha256', secret).update(`granary-local:${holder.pid}:${holder.startedAt}`).digest('base64url');
}

export const localDemoBody = z.strictObject({
  customers: z.number().int().min(0).max(2_000_000),
  orders: z.number().int().min(0).max(20_000_000),
  locale: z.enum(['zh', 'ja', 'en']),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
  tenantName: z.string().trim().min(1).max(200).optional(),
});
