import type { Db, Tx } from '../db/client.ts';
import { withTenant } from '../db/tenant.ts';
import { type Actor, needsReach, type Reach } from '../modules/auth/policy.ts';

const NO_REACH: Reach = { team: new Set(), department: new Set() };

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
      // Only team and department scopes consult the org tree; most roles never need the query.
      if (!needsReach(actor.role)) return Promise.resolve(NO_REACH);
      reach ??= tx ? loadReach(tx, actor) : ctx.tx((t) => loadReach(t, actor));
      return reach;
    },
  };
  return ctx;
}
