import { sql } from 'drizzle-orm';
import { type Db, rows, type Tx } from '../../db/client.ts';
import type { JobState } from './schema.ts';

/** A run as the API shows it: state, progress with rate and ETA, and its errors. */
export interface RunView {
  id: string;
  name: string;
  state: JobState;
  attempt: number;
  done: number;
  total: number | null;
  /** Items per second since the run (this attempt) started; null before any progress. */
  rate: number | null;
  /** Seconds left at that rate; null when the total is unknown. */
  eta: number | null;
  errors: { count: number; items: { message: string; item?: unknown }[] };
  lastError: string | null;
  result: unknown;
  cronName: string | null;
  occurrence: Date | null;
  createdBy: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RunRow {
  tenant_id: string;
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown>;
  attempt: number;
  done: number;
  total: number | null;
  error_count: number;
  errors: { message: string; item?: unknown }[];
  last_error: string | null;
  result: unknown;
  cron_name: string | null;
  occurrence: Date | string | null;
  created_by: string | null;
  cancel_requested: Date | string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  progress_at: Date | string | null;
  finished_at: Date | string | null;
}

export const TERMINAL: ReadonlySet<JobState> = new Set(['completed', 'dead', 'cancelled']);
export const MAX_KEPT_ERRORS = 100;

const date = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

export function viewOf(r: RunRow): RunView {
  const started = date(r.started_at);
  const progressed = date(r.progress_at) ?? date(r.finished_at);
  const seconds = started && progressed ? (progressed.getTime() - started.getTime()) / 1000 : 0;
  const rate = seconds > 0 && r.done > 0 ? r.done / seconds : null;
  const eta =
    rate && r.total !== null && !TERMINAL.has(r.state) ? Math.max(0, Math.round((r.total - r.done) / rate)) : null;
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    attempt: r.attempt,
    done: r.done,
    total: r.total,
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    eta,
    errors: { count: r.error_count, items: r.errors },
    lastError: r.last_error,
    result: r.result,
    cronName: r.cron_name,
    occurrence: date(r.occurrence),
    createdBy: r.created_by,
    cancelRequested: r.cancel_requested !== null,
    createdAt: date(r.created_at) as Date,
    startedAt: started,
    finishedAt: date(r.finished_at),
  };
}

export async function insertRun(
  db: Db | Tx,
  run: { tenantId: string; id: string; name: string; data: Record<string, unknown>; createdBy?: string | null },
): Promise<void> {
  await db.execute(sql`insert into job_runs (tenant_id, id, name, data, created_by)
    values (${run.tenantId}, ${run.id}, ${run.name}, ${JSON.stringify(run.data)}::jsonb, ${run.createdBy ?? null})`);
}

/**
 * Takes a run for one attempt: only a queued or retrying run, or an active one whose lease ran out (its process
 * died). A second delivery of the same attempt finds nothing to take and is dropped.
 */
export async function takeRun(db: Db, tenantId: string, id: string, leaseSeconds: number): Promise<RunRow | null> {
  const r = await rows<RunRow>(
    db,
    sql`update job_runs set state = 'active', attempt = attempt + 1, started_at = now(), progress_at = null,
          done = 0, error_count = 0, errors = '[]'::jsonb
        where tenant_id = ${tenantId} and id = ${id} and cancel_requested is null
          and (state in ('queued', 'retrying')
               or (state = 'active' and started_at < now() - make_interval(secs => ${leaseSeconds})))
        returning *`,
  );
  return r[0] ?? null;
}

export async function saveProgress(
  db: Db,
  tenantId: string,
  id: string,
  p: { done: number; total: number | null; errorCount: number; errors: unknown[] },
): Promise<{ cancelRequested: boolean }> {
  const r = await rows<{ cancel_requested: Date | null }>(
    db,
    sql`update job_runs set done = ${p.done}, total = ${p.total}, error_count = ${p.errorCount},
          errors = ${JSON.stringify(p.errors)}::jsonb, progress_at = now()
        where tenant_id = ${tenantId} and id = ${id} and state = 'active' returning cancel_requested`,
  );
  return { cancelRequested: r[0] ? r[0].cancel_requested !== null : true };
}

export async function finishRun(
  db: Db | Tx,
  tenantId: string,
  id: string,
  state: 'completed' | 'retrying' | 'dead' | 'cancelled',
  p: { done: number; total: number | null; errorCount: number; errors: unknown[]; error?: string; result?: unknown },
): Promise<void> {
  await db.execute(sql`update job_runs set state = ${state}, done = ${p.done}, total = ${p.total},
      error_count = ${p.errorCount}, errors = ${JSON.stringify(p.errors)}::jsonb,
      last_error = coalesce(${p.error ?? null}, last_error),
      result = ${p.result === undefined ? null : JSON.stringify(p.result)}::jsonb,
      finished_at = case when ${state} = 'retrying' then null else now() end, progress_at = now()
    where tenant_id = ${tenantId} and id = ${id}`);
}

export async function getRun(db: Db | Tx, tenantId: string, id: string): Promise<RunRow | null> {
  const r = await rows<RunRow>(db, sql`select * from job_runs where tenant_id = ${tenantId} and id = ${id}`);
  return r[0] ?? null;
}

export type RunFilter = 'all' | 'failed' | 'active';

/**
 * A tenant's runs, newest first, key-paged on (created_at, id). "failed" is what an admin must look at: dead runs
 * and runs waiting for a retry; "active" is queued or running.
 */
export async function listRuns(
  tx: Tx,
  tenantId: string,
  f: { state: RunFilter; limit: number; after?: { at: Date; id: string } },
): Promise<RunRow[]> {
  const state =
    f.state === 'failed'
      ? sql`and state in ('dead', 'retrying')`
      : f.state === 'active'
        ? sql`and state in ('queued', 'active')`
        : sql``;
  const after = f.after ? sql`and (created_at, id) < (${f.after.at.toISOString()}::timestamptz, ${f.after.id})` : sql``;
  return rows<RunRow>(
    tx,
    sql`select * from job_runs where tenant_id = ${tenantId} ${state} ${after}
        order by created_at desc, id desc limit ${f.limit + 1}`,
  );
}
