import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId } from '../../db/columns.ts';
import { tenants } from '../tenants/schema.ts';
import { ROLES, users } from '../users/schema.ts';

/**
 * Every secret below names its tenant (`secrets.ts`: `gra_<secret>_<tenant>`, cookie `<id>.<secret>.<tenant>`), so
 * it is looked up by (tenant_id, token_hash): one shard under Citus. Rows issued before that (migration 0008) are
 * `legacy_format` and found by their hash alone through a partial index that holds only them; see docs/scaling.md
 * for retiring that path before distributing.
 */
const legacyFormat = () => boolean('legacy_format').notNull().default(false);

/** Browser sessions; only the SHA-256 of the cookie secret is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    legacyFormat: legacyFormat(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('sessions_tenant_token_hash_uq').on(t.tenantId, t.tokenHash),
    index('sessions_legacy_token_hash_idx').on(t.tokenHash).where(sql`${t.legacyFormat}`),
    index('sessions_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** Integration tokens: bound to a role no higher than their creator's, stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    legacyFormat: legacyFormat(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('api_tokens_tenant_token_hash_uq').on(t.tenantId, t.tokenHash),
    index('api_tokens_legacy_token_hash_idx').on(t.tokenHash).where(sql`${t.legacyFormat}`),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** One-time links: password resets and invitations. */
export const userTokens = pgTable(
  'user_tokens',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['reset', 'invite'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    legacyFormat: legacyFormat(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('user_tokens_tenant_token_hash_uq').on(t.tenantId, t.tokenHash),
    index('user_tokens_legacy_token_hash_idx').on(t.tokenHash).where(sql`${t.legacyFormat}`),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);
