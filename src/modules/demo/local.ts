import { createHmac, timingSafeEqual } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { heldLock, type LockHolder } from '../../db/lock.ts';
import type { RoutePlugin } from '../../http/app.ts';
import { sendProblem } from '../../http/problem.ts';
import { createDemo } from './service.ts';

/**
 * The local channel: `granary demo` run while a server holds the embedded data dir asks that server to load the
 * demo instead of opening the database a second time (which destroys it). The CLI proves it is on this machine
 * with access to the data dir by a key derived from the dir's session secret and the holder's pid and start, so a
 * key is worth nothing once that server stops; anyone who can read the secret could open the database anyway.
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

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** POST /api/v1/local/demo: answers NDJSON, one `{"progress":[done,total]}` per chunk, then `{"result":…}` or `{"error":…}`. */
export const localDemoRoutes: RoutePlugin = (app, deps) => {
  app.post(
    '/local/demo',
    { config: { public: true }, schema: { hide: true, body: localDemoBody } },
    async (request, reply) => {
      const holder = heldLock();
      const sent = request.headers[LOCAL_HEADER];
      const expected = holder && Buffer.from(localKey(deps.config.sessionSecret, holder));
      const ok =
        expected &&
        typeof sent === 'string' &&
        sent.length === expected.length &&
        timingSafeEqual(Buffer.from(sent), expected) &&
        LOOPBACK.has(request.socket.remoteAddress ?? '');
      if (!ok) return sendProblem(reply, 403, 'forbidden', 'Only a granary command on this machine may do this.');
      // Progress streams as the load runs, so neither side's idle timeout ends a long load.
      const out = new PassThrough();
      const line = (v: unknown) => out.write(`${JSON.stringify(v)}\n`);
      createDemo(deps.database, { ...request.body, onProgress: (done, total) => line({ progress: [done, total] }) })
        .then((result) => line({ result }))
        .catch((err: Error) => line({ error: err.message }))
        .finally(() => out.end());
      return reply.type('application/x-ndjson').send(out);
    },
  );
};
