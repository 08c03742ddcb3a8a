import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../../core/policy.ts';
import { createdAt, id, tenantId, updatedAt } from '../../db/columns.ts';
import { tenants } from '../tenants/schema.ts';

// The roles are the policy's (src/core/policy.ts); the column keeps them, and auth/schema.ts reads them here.
export { ROLES, type Role } from '../../core/policy.ts';
export const ORG_UNIT_KINDS = ['department', 'team'] as const;

/** Departments and teams form one tree; a user belongs to at most one unit. */
export const orgUnits = pgTable(
  'org_units',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: ORG_UNIT_KINDS }).notNull(),
    name: text('name').notNull(),
    leaderId: uuid('leader_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  ],
);

export const users = pgTable(
  'users',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    orgUnitId: uuid('org_unit_id'),
    locale: text('locale'),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('users_tenant_email_uq').on(t.tenantId, sql`lower(${t.email})`),
    index('users_email_idx').on(sql`lower(${t.email})`),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnits.tenantId, orgUnits.id] }),
  ],
);
