import type { Ctx } from '../../core/context.ts';
import { Conflict, Forbidden, NotFound } from '../../core/errors.ts';
import type { Engine } from '../../core/jobs/engine.ts';
import { getRun, listRuns, type RunFilter, type RunView, TERMINAL, viewOf } from '../../core/jobs/runs.ts';
import { listMail } from '../../core/mail/outbox.ts';
import type { MailState } from '../../core/mail/schema.ts';
import type { Page } from '../../core/pagination.ts';
import { allows } from '../../core/policy.ts';

/** Owners and admins see every run of the business; anyone sees the runs they started (an import, an export). */
async function visibleRun(ctx: Ctx, id: string): Promise<RunView> {
  const row = await ctx.tx((tx) => getRun(tx, ctx.actor.tenantId, id));
  const mine = row && ctx.actor.kind === 'user' && row.createdBy === ctx.actor.userId;
  if (!row || !(mine || allows(ctx.actor, 'jobs.manage'))) throw new NotFound('job');
  return viewOf(row);
}

export const getJob = (ctx: Ctx, id: string): Promise<RunView> => visibleRun(ctx, id);

export async function listJobs(
  ctx: Ctx,
  q: { state: RunFilter; limit: number; cursor?: string },
): Promise<Page<RunView>> {
  if (!allows(ctx.actor, 'jobs.manage')) throw new Forbidden('Only owners and admins see the background jobs.');
  const page = await ctx.tx((tx) => listRuns(tx, ctx.actor.tenantId, q));
  return { data: page.data.map(viewOf), nextCursor: page.nextCursor };
}

export async function cancelJob(ctx: Ctx, engine: Engine, id: string): Promise<RunView> {
  const run = await visibleRun(ctx, id);
  if (TERMINAL.has(run.state) || !(await engine.cancel(ctx.actor.tenantId, id)))
    throw new Conflict('job_finished', 'This run has already finished.');
  return visibleRun(ctx, id);
}

export async function retryJob(ctx: Ctx, engine: Engine, id: string): Promise<RunView> {
  const run = await visibleRun(ctx, id);
  if (!allows(ctx.actor, 'jobs.manage')) throw new NotFound('job');
  if (run.state !== 'dead' || !(await engine.retryNow(ctx.actor.tenantId, id)))
    throw new Conflict('job_not_dead', 'Only a run that failed for good can be retried now.');
  return visibleRun(ctx, id);
}

export async function mailLog(ctx: Ctx, q: { state?: MailState; limit: number; cursor?: string }) {
  if (!allows(ctx.actor, 'jobs.manage')) throw new Forbidden('Only owners and admins see the mail log.');
  return ctx.tx((tx) => listMail(tx, ctx.actor.tenantId, q));
}
