import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId } from '../../db/columns.ts';
import { tenants } from '../tenants/schema.ts';

/**
 * A user's in-app notifications. `params` carry what the sentence needs (names, titles) so each reader sees it in
 * their own language; `event_id` makes a redelivered event a no-op (the outbox delivers at least once).
 */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull().default({}),
    link: text('link'),
    eventId: uuid('event_id').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('notifications_event_user_idx').on(t.tenantId, t.userId, t.eventId),
    index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt.desc(), t.id.desc()),
    index('notifications_unread_idx').on(t.tenantId, t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** Per user and kind: also send an e-mail? (In-app is always on.) No row means the kind's default. */
export const notificationPrefs = pgTable(
  'notification_prefs',
  {
    tenantId: tenantId().references(() => tenants.id),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    email: boolean('email').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.kind] })],
);
