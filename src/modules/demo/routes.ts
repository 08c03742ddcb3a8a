import { timingSafeEqual } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { heldLock } from '../../db/lock.ts';
import { sendProblem } from '../../http/problem.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { LOCAL_HEADER, localDemoBody, localKey } from './local.ts';
import { createDemo } from './service.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** POST /api/v1/local/demo: answers NDJSON, one `{"progress":[done,total]}` per chunk, then `{"result":…}` or `{"error":…}`. */
export const demoRoutes: RoutePlugin = (app, deps) => {
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
