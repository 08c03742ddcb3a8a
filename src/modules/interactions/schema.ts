import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from '../../db/columns.ts';
import { customers } from '../customers/schema.ts';
import { tenants } from '../tenants/schema.ts';

export const INTERACTION_TYPES = [
  'call',
  'visit',
  'letter',
  'email',
  'sms',
  'wechat',
  'line',
  'meeting',
  'note',
  'other',
] as const;
export const DIRECTIONS = ['in', 'out'] as const;
export const SENTIMENTS = ['praise', 'neutral', 'complaint'] as const;
export const PRIORITIES = ['low', 'normal', 'high'] as const;

/** The sales diary: every touch with a customer. Never deleted; corrected by its author. */
export const interactions = pgTable(
  'interactions',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    type: text('type', { enum: INTERACTION_TYPES }).notNull(),
    direction: text('direction', { enum: DIRECTIONS }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes'),
    contactIds: uuid('contact_ids').array().notNull().default([]),
    summary: text('summary').notNull(),
    outcome: text('outcome'),
    sentiment: text('sentiment', { enum: SENTIMENTS }),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('interactions_customer_idx').on(t.tenantId, t.customerId, t.occurredAt),
  ],
);

/** Tasks and reminders: due time in UTC, "today" decided in the tenant's time zone. */
export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    title: text('title').notNull(),
    notes: text('notes'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    assigneeId: uuid('assignee_id').notNull(),
    customerId: uuid('customer_id'),
    contactId: uuid('contact_id'),
    interactionId: uuid('interaction_id'),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('tasks_assignee_open_idx').on(t.tenantId, t.assigneeId, t.doneAt, t.dueAt),
    index('tasks_customer_idx').on(t.tenantId, t.customerId, t.dueAt),
  ],
);
