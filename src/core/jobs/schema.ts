import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from '../../db/columns.ts';

export const JOB_STATES = ['queued', 'active', 'retrying', 'completed', 'dead', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * One row per run of a tenant's job: the resource at GET /api/v1/jobs/:id and the admin's list of recent and
 * failed runs. pg-boss (schema `pgboss`) queues and leases the work under the same id; this row is what the
 * tenant sees (state, progress, errors) and it gates execution, so a run is processed once even if the queue
 * hands it out twice. No foreign key to tenants: src/core depends on no module.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    tenantId: tenantId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    state: text('state', { enum: JOB_STATES }).notNull().default('queued'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    attempt: integer('attempt').notNull().default(0),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    errorCount: integer('error_count').notNull().default(0),
    /** The first 100 item errors: `{ message, item }`. */
    errors: jsonb('errors').$type<{ message: string; item?: unknown }[]>().notNull().default([]),
    /** The last failure of the run itself (the thrown error), kept through retries. */
    lastError: text('last_error'),
    result: jsonb('result'),
    cronName: text('cron_name'),
    occurrence: timestamp('occurrence', { withTimezone: true }),
    createdBy: uuid('created_by'),
    cancelRequested: timestamp('cancel_requested', { withTimezone: true }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    progressAt: timestamp('progress_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('job_runs_recent_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index('job_runs_failed_idx')
      .on(t.tenantId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.state} in ('dead', 'retrying')`),
    // The sweep for runs whose queue entry was never written (a crash between commit and send).
    index('job_runs_queued_idx').on(t.createdAt).where(sql`${t.state} = 'queued'`),
  ],
);

/**
 * Claimed occurrences of per-tenant schedules. The primary key is the exactly-once guarantee: any number of
 * processes may tick, one insert wins per tenant, schedule and occurrence.
 */
export const cronRuns = pgTable(
  'cron_runs',
  {
    tenantId: tenantId(),
    cronName: text('cron_name').notNull(),
    occurrence: timestamp('occurrence', { withTimezone: true }).notNull(),
    jobId: uuid('job_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.cronName, t.occurrence] })],
);
