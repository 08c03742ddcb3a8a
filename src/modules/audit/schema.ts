import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId } from '../../db/columns.ts';
import { tenants } from '../tenants/schema.ts';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Append-only: the app role is granted SELECT and INSERT only (see db/security.ts). */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id'),
    changes: jsonb('changes').$type<FieldChanges>(),
    requestId: text('request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('audit_entity_idx').on(t.tenantId, t.entity, t.entityId),
    index('audit_at_idx').on(t.tenantId, t.at),
  ],
);
