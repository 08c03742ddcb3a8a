import { z } from 'zod';
import { TERMINAL } from '../../core/jobs/runs.ts';
import { JOB_STATES } from '../../core/jobs/schema.ts';
import { MAIL_STATES } from '../../core/mail/schema.ts';
import { ctxOf } from '../../http/auth.ts';
import { errors, idParam, pageOf, pageQuery } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { cancelJob, getJob, listJobs, mailLog, retryJob } from './service.ts';

const runSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  state: z.enum(JOB_STATES),
  attempt: z.number(),
  done: z.number(),
  total: z.number().nullable(),
  rate: z.number().nullable().describe('items per second in this attempt'),
  eta: z.number().nullable().describe('seconds left at that rate'),
  errors: z.object({
    count: z.number(),
    items: z.array(z.object({ message: z.string(), item: z.unknown().optional() })),
  }),
  lastError: z.string().nullable(),
  result: z.unknown(),
  cronName: z.string().nullable(),
  occurrence: z.date().nullable(),
  createdBy: z.uuid().nullable(),
  cancelRequested: z.boolean(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

const mailSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  state: z.enum(MAIL_STATES),
  attempts: z.number(),
  lastResponse: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const STREAM_POLL_MS = 500;
const STREAM_MAX_MS = 30 * 60_000;

/** Background runs as resources (issue 11): list, one, its live progress, cancel, retry; and the mail log. */
export const jobsRoutes: RoutePlugin = (app, deps) => {
  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Recent background runs of the business, newest first (owners and admins)',
        querystring: z.object({ ...pageQuery, state: z.enum(['all', 'failed', 'active']).default('all') }),
        response: { 200: pageOf(runSchema), ...errors },
      },
    },
    async (request) => listJobs(ctxOf(request), request.query),
  );
  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A run: state, progress (done, total, rate, eta) and errors',
        params: idParam,
        response: { 200: runSchema, ...errors },
      },
    },
    async (request) => getJob(ctxOf(request), request.params.id),
  );
  app.get(
    '/jobs/:id/stream',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Server-sent events: `progress` with the run whenever it changes, then `end`',
        params: idParam,
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      let run = await getJob(ctx, request.params.id); // 404 before the stream opens
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      const started = Date.now();
      let sent = '';
      while (!closed) {
        const body = JSON.stringify(run);
        if (body !== sent) {
          res.write(`event: progress\ndata: ${body}\n\n`);
          sent = body;
        }
        if (TERMINAL.has(run.state) || Date.now() - started > STREAM_MAX_MS) break;
        await new Promise((r) => setTimeout(r, STREAM_POLL_MS));
        if (closed) break;
        try {
          run = await getJob(ctx, run.id);
        } catch {
          break; // the database went away: the client reconnects (EventSource does so by itself)
        }
      }
      if (!closed) res.end('event: end\ndata: {}\n\n');
    },
  );
  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a queued or running run (a running one stops at its next batch)',
        params: idParam,
        response: { 202: runSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await cancelJob(ctxOf(request), deps.engine, request.params.id)),
  );
  app.post(
    '/jobs/:id/retry',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Run a dead run again now (owners and admins)',
        params: idParam,
        response: { 202: runSchema, ...errors },
      },
    },
    async (request, reply) => reply.code(202).send(await retryJob(ctxOf(request), deps.engine, request.params.id)),
  );
  app.get(
    '/mail',
    {
      schema: {
        tags: ['jobs'],
        summary: 'The mail outbox and send log, newest first (owners and admins)',
        querystring: z.object({ ...pageQuery, state: z.enum(MAIL_STATES).optional() }),
        response: { 200: pageOf(mailSchema), ...errors },
      },
    },
    async (request) => mailLog(ctxOf(request), request.query),
  );
};
