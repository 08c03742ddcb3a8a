import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, newId } from '../../db/columns.ts';

/** A tenant is one business. Its own row is guarded by RLS on `id` like every other row on `tenant_id`. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().$defaultFn(newId),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  currency: text('currency').notNull(),
  timezone: text('timezone').notNull(),
  phoneRegion: text('phone_region').notNull(),
  locale: text('locale').notNull(),
  /** May the duplicate warning name the owner of a customer the user cannot see (so they know whom to ask)? */
  showDuplicateOwner: boolean('show_duplicate_owner').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
