import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, rows, type Tx } from '../../db/client.ts';
import { type DurableTools, durableSubscriber, type EmittedEvent, type OutboxWriter } from '../events.ts';

const BATCH = 50;
/** How long a claimed delivery is left to its process before another may make it (the process may have died). */
export const OUTBOX_LEASE_SECONDS = 60;
/** Tries before a delivery is dead-lettered (about a day and a half with the backoff below). */
export const MAX_ATTEMPTS = 12;

/** 30 s, 1 min, 2 min … doubling, at most an hour between tries. */
export const backoffSeconds = (attempts: number): number => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/** Writes one delivery per durable subscriber in the emitting transaction (installed into events.ts). */
export const writeOutbox: OutboxWriter = async (tx: Tx, event: EmittedEvent, subscribers: string[]) => {
  for (const subscriber of subscribers)
    await tx.execute(sql`insert into outbox (tenant_id, id, event_id, subscriber, type, entity_id, data, emitted_at)
      values (${event.tenantId}, gen_random_uuid(), ${event.id}, ${subscriber}, ${event.type}, ${event.entityId ?? null},
              ${event.data ? JSON.stringify(event.data) : null}::jsonb, ${event.at.toISOString()}::timestamptz)
      on conflict do nothing`);
};

interface OutboxRow {
  tenant_id: string;
  id: string;
  event_id: string;
  subscriber: string;
  type: string;
  entity_id: string | null;
  data: Record<string, unknown> | null;
  emitted_at: Date | string;
  attempts: number;
}

/**
 * Delivers due outbox rows until none is left. Each batch is claimed with a lease, so processes share the work
 * and a process killed mid-delivery leaves its rows to be delivered again when the lease ends (at least once;
 * subscribers dedupe on the event id). A failing subscriber is retried with backoff, then dead-lettered.
 */
export async function deliverOutbox(
  db: Db,
  tools: Omit<DurableTools, 'db'>,
  logger: Logger,
  leaseSeconds = OUTBOX_LEASE_SECONDS,
): Promise<number> {
  let delivered = 0;
  for (;;) {
    const batch = await rows<OutboxRow>(
      db,
      sql`update outbox o set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
          from (select tenant_id, id from outbox
                where delivered_at is null and dead_at is null and next_at <= now()
                  and (locked_until is null or locked_until < now())
                order by next_at limit ${BATCH} for update skip locked) due
          where o.tenant_id = due.tenant_id and o.id = due.id
          returning o.*`,
    );
    for (const r of batch) {
      const sub = durableSubscriber(r.subscriber);
      const event: EmittedEvent = {
        id: r.event_id,
        type: r.type,
        tenantId: r.tenant_id,
        entityId: r.entity_id,
        data: r.data ?? undefined,
        at: r.emitted_at instanceof Date ? r.emitted_at : new Date(r.emitted_at),
      };
      try {
        if (!sub) throw new Error(`no durable subscriber named ${r.subscriber} in this version`);
        await sub.handle(event, { ...tools, db });
        await db.execute(sql`update outbox set delivered_at = now(), locked_until = null, last_error = null
          where tenant_id = ${r.tenant_id} and id = ${r.id}`);
        delivered++;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const dead = r.attempts >= MAX_ATTEMPTS;
        logger.warn(
          { subscriber: r.subscriber, event: r.type, attempts: r.attempts, err: message },
          'event delivery failed',
        );
        await db.execute(sql`update outbox set locked_until = null, last_error = ${message},
            next_at = now() + make_interval(secs => ${backoffSeconds(r.attempts)}),
            dead_at = case when ${dead} then now() else null end
          where tenant_id = ${r.tenant_id} and id = ${r.id}`);
      }
    }
    if (batch.length < BATCH) return delivered;
  }
}
