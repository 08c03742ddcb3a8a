import type { Db, Tx } from '../db/client.ts';
import { withTenant } from '../db/tenant.ts';
import type { Actor, Reach } from '../modules/auth/policy.ts';

/** What every service call receives: who acts, for which request, and how to reach the tenant's data. */
export interface Ctx {
  actor: Actor;
  requestId: string;
  db: Db;
  /** Runs fn inside the actor's tenant transaction (RLS active). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The actor's team and department members, loaded once per request. Inside a transaction pass it: opening a
   * second transaction from within one would wait on itself (PGlite has one connection).
   */
  reach(tx?: Tx): Promise<Reach>;
}

export type ReachLoader = (tx: Tx, actor: Actor) => Promise<Reach>;

export function makeCtx(db: Db, actor: Actor, requestId: string, loadReach: ReachLoader): Ctx {
  let reach: Promise<Reach> | undefined;
  const ctx: Ctx = {
    actor,
    requestId,
    db,
    tx: (fn) => withTenant(db, actor.tenantId, fn),
    reach: (tx) => {
      reach ??= tx ? loadReach(tx, actor) : ctx.tx((t) => loadReach(t, actor));
      return reach;
    },
  };
  return ctx;
}
