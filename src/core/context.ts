import type { Db, Tx } from '../db/client.ts';
import { withTenant } from '../db/tenant.ts';
import type { Clock } from './clock.ts';
import type { DomainEvent } from './events.ts';
import { type Actor, needsReach, type Reach, systemActor } from './policy.ts';

const NO_REACH: Reach = { team: new Set(), department: new Set() };

/**
 * What every service call receives: who acts, for which request (or job, or command), how to reach the tenant's
 * data, and what time it is. A request, a job and a CLI command build the same thing; nothing here knows HTTP.
 */
export interface Ctx {
  actor: Actor;
  /** The request id, or what a job or command calls its run; recorded in the audit log. */
  requestId: string;
  db: Db;
  /** The one source of "now" for business rules (src/core/clock.ts); tests stand it still. */
  clock: Clock;
  /** Runs fn inside the actor's tenant transaction (RLS active). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The actor's team and department members, loaded once per request. Inside a transaction pass it: opening a
   * second transaction from within one would wait on itself (PGlite has one connection).
   */
  reach(tx?: Tx): Promise<Reach>;
}

export type ReachLoader = (tx: Tx, actor: Actor) => Promise<Reach>;

export function makeCtx(db: Db, actor: Actor, requestId: string, loadReach: ReachLoader, clock: Clock): Ctx {
  let reach: Promise<Reach> | undefined;
  const ctx: Ctx = {
    actor,
    requestId,
    db,
    clock,
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

/**
 * The context of a job or a CLI command: the system acting with owner rights in one tenant, recorded in the audit
 * log as `reason` (actor type "system"). `userId` is whom the work is done for when a write needs a user (the
 * owner of what it creates); by default the tenant id stands in. The system's reach is never needed (owner scope).
 */
export function systemCtx(db: Db, tenantId: string, clock: Clock, reason: string, userId?: string): Ctx {
  const noReach: ReachLoader = async () => NO_REACH;
  return makeCtx(db, systemActor(tenantId, reason, userId), reason, noReach, clock);
}

/**
 * A domain event said by the context's actor (src/core/events.ts): its tenant and entity, `data`, and who did it —
 * `actorId` (null for the system) and `actorName` — so a subscriber can leave out the person who acted.
 */
export function eventBy(
  ctx: Pick<Ctx, 'actor'>,
  type: string,
  entityId: string | null,
  data: Record<string, unknown> = {},
): DomainEvent {
  const a = ctx.actor;
  return {
    type,
    tenantId: a.tenantId,
    entityId,
    data: { ...data, actorId: a.kind === 'system' ? null : a.userId, actorName: a.name },
  };
}
