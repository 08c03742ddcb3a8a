// Every module's tables, for Drizzle's relational queries and drizzle-kit.

export * from '../core/jobs/schema.ts';
export * from '../core/mail/schema.ts';
export * from '../core/outbox/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/auth/schema.ts';
export * from '../modules/customers/schema.ts';
export * from '../modules/interactions/schema.ts';
export * from '../modules/notifications/schema.ts';
export * from '../modules/orders/schema.ts';
export * from '../modules/tenants/schema.ts';
export * from '../modules/users/schema.ts';
