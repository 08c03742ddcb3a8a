import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/** Every business table starts with these: tenant first so (tenant_id, id) keys co-locate per tenant. */
export const tenantId = () => uuid('tenant_id').notNull();
export const id = () =>
  uuid('id')
    .notNull()
    .$defaultFn(() => uuidv7());
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const newId = (): string => uuidv7();
