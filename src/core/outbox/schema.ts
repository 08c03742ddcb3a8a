import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId } from '../../db/columns.ts';

/**
 * One row per event and durable subscriber, written in the transaction that emitted the event. Delivered by the
 * `engine.outbox` job at least once: claimed with a lease (`locked_until`), so a process killed mid-delivery
 * leaves the row to be delivered again once the lease ends. The subscriber dedupes on `event_id`.
 */
export const outbox = pgTable(
  'outbox',
  {
    tenantId: tenantId(),
    id: id(),
    eventId: uuid('event_id').notNull(),
    subscriber: text('subscriber').notNull(),
    type: text('type').notNull(),
    entityId: uuid('entity_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    emittedAt: timestamp('emitted_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set when retries are exhausted; the row stays for an operator to see (and retry). */
    deadAt: timestamp('dead_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('outbox_event_subscriber_idx').on(t.tenantId, t.eventId, t.subscriber),
    index('outbox_due_idx').on(t.nextAt).where(sql`${t.deliveredAt} is null and ${t.deadAt} is null`),
  ],
);
