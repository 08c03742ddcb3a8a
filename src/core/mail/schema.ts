import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId } from '../../db/columns.ts';

export const MAIL_STATES = ['queued', 'sending', 'sent', 'deferred', 'failed'] as const;
export type MailState = (typeof MAIL_STATES)[number];

/**
 * The mail outbox and send log: every message the system sends is a row first, written in the transaction
 * that decided to send it, then delivered by the `engine.mail` job with retries and backoff. An SMTP server
 * that is down only defers; `idempotency_key` makes a second enqueue of the same message a no-op, and the
 * sending lease (`locked_until`) keeps two processes from sending one row.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    state: text('state', { enum: MAIL_STATES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The SMTP server's last answer (accepted or refused), or the connection error. */
    lastResponse: text('last_response'),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('mail_outbox_key_idx').on(t.tenantId, t.idempotencyKey),
    index('mail_outbox_recent_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index('mail_outbox_due_idx').on(t.nextAt).where(sql`${t.state} in ('queued', 'deferred', 'sending')`),
  ],
);
