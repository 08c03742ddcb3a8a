import type { Ctx } from '../../core/context.ts';
import { Forbidden } from '../../core/errors.ts';
import type { JobDefinition } from '../../core/jobs/define.ts';
import type { Engine } from '../../core/jobs/engine.ts';
import { allows } from '../../core/policy.ts';
import { withTenant } from '../../db/tenant.ts';
import { customerCount, customerIdsAfter } from '../customers/service.ts';
import { refreshPurchaseStats } from './service.ts';

const BATCH = 500;

/**
 * Recomputes every customer's purchase figures (count, total, first and last purchase) from the completed orders:
 * what an owner runs after loading orders from elsewhere, or when a figure looks wrong. One transaction per
 * batch, so it can be cancelled between batches and a retry after a crash simply starts again (it is idempotent).
 */
export const recomputeFigures: JobDefinition = {
  name: 'orders.recompute_figures',
  leaseSeconds: 30 * 60,
  retryLimit: 2,
  async run(job) {
    const tenantId = job.tenantId as string;
    const total = await withTenant(job.db, tenantId, (tx) => customerCount(tx, tenantId));
    let done = 0;
    let after: string | null = null;
    job.progress(0, total);
    while (!job.signal.aborted) {
      const ids: string[] = await withTenant(job.db, tenantId, async (tx) => {
        const batch = await customerIdsAfter(tx, tenantId, after, BATCH);
        for (const id of batch) await refreshPurchaseStats(tx, tenantId, id);
        return batch;
      });
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      done += ids.length;
      job.progress(done, Math.max(total, done));
    }
    return { customers: done };
  },
};

/** Queues the recompute for the actor's business (owners and admins); the run is at GET /api/v1/jobs/:id. */
export async function startRecompute(ctx: Ctx, engine: Engine): Promise<string> {
  if (!allows(ctx.actor, 'settings.manage')) throw new Forbidden('Only owners and admins recompute the figures.');
  const by = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  return ctx.tx((tx) => engine.enqueue(tx, ctx.actor.tenantId, recomputeFigures.name, {}, by));
}
