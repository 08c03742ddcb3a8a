import type { Ctx } from '../../core/context.ts';
import { Conflict, DomainError, Forbidden, NotFound } from '../../core/errors.ts';
import type { Engine } from '../../core/jobs/engine.ts';
import { getRun, listRuns, type RunFilter, type RunView, TERMINAL, viewOf } from '../../core/jobs/runs.ts';
import { listMail } from '../../core/mail/outbox.ts';
import type { MailState } from '../../core/mail/schema.ts';
import { decodeTimeKey, encodeTimeKey, type Page } from '../../core/pagination.ts';
import { allows } from '../../core/policy.ts';

/** Owners and admins see every run of the business; anyone sees the runs they started (an import, an export). */
async function visibleRun(ctx: Ctx, id: string): Promise<RunView> {
  const row = await ctx.tx((tx) => getRun(tx, ctx.actor.tenantId, id));
  const mine = row && ctx.actor.kind === 'user' && row.created_by === ctx.actor.userId;
  if (!row || !(mine || allows(ctx.actor, 'jobs.manage'))) throw new NotFound('job');
  return viewOf(row);
}

export const getJob = (ctx: Ctx, id: string): Promise<RunView> => visibleRun(ctx, id);

export async function listJobs(
  ctx: Ctx,
  q: { state: RunFilter; limit: number; cursor?: string },
): Promise<Page<RunView>> {
  if (!allows(ctx.actor, 'jobs.manage')) throw new Forbidden('Only owners and admins see the background jobs.');
  const after = decodeTimeKey(q.cursor);
  const found = await ctx.tx((tx) => listRuns(tx, ctx.actor.tenantId, { state: q.state, limit: q.limit, after }));
  const data = found.slice(0, q.limit).map(viewOf);
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: found.length > q.limit && last ? encodeTimeKey({ at: last.createdAt, id: last.id }) : null,
  };
}

/** A process serving HTTP without the engine (a test app) can show runs but not act on them. */
function running(engine: Engine | undefined): Engine {
  if (!engine) throw new DomainError(503, 'busy', 'Background jobs are not running in this process.');
  return engine;
}

export async function cancelJob(ctx: Ctx, maybe: Engine | undefined, id: string): Promise<RunView> {
  const run = await visibleRun(ctx, id);
  const engine = running(maybe);
  if (TERMINAL.has(run.state) || !(await engine.cancel(ctx.actor.tenantId, id)))
    throw new Conflict('job_finished', 'This run has already finished.');
  return visibleRun(ctx, id);
}

export async function retryJob(ctx: Ctx, maybe: Engine | undefined, id: string): Promise<RunView> {
  const run = await visibleRun(ctx, id);
  if (!allows(ctx.actor, 'jobs.manage')) throw new NotFound('job');
  const engine = running(maybe);
  if (run.state !== 'dead' || !(await engine.retryNow(ctx.actor.tenantId, id)))
    throw new Conflict('job_not_dead', 'Only a run that failed for good can be retried now.');
  return visibleRun(ctx, id);
}

export async function mailLog(ctx: Ctx, q: { state?: string; limit: number; cursor?: string }) {
  if (!allows(ctx.actor, 'jobs.manage')) throw new Forbidden('Only owners and admins see the mail log.');
  const after = decodeTimeKey(q.cursor);
  const found = await ctx.tx((tx) => listMail(tx, ctx.actor.tenantId, { state: q.state, limit: q.limit, after }));
  const data = found.slice(0, q.limit).map((m) => ({
    id: m.id,
    kind: m.kind,
    to: m.to,
    subject: m.subject,
    state: m.state as MailState,
    attempts: m.attempts,
    lastResponse: m.last_response,
    createdAt: new Date(m.created_at),
    sentAt: m.sent_at === null ? null : new Date(m.sent_at),
  }));
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: found.length > q.limit && last ? encodeTimeKey({ at: last.createdAt, id: last.id }) : null,
  };
}
