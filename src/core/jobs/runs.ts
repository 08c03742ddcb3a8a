import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { newestFirst, type Page } from '../pagination.ts';
import { type JobState, jobRuns } from './schema.ts';

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

export type RunRow = typeof jobRuns.$inferSelect;

export const TERMINAL: ReadonlySet<JobState> = new Set(['completed', 'dead', 'cancelled']);
export const MAX_KEPT_ERRORS = 100;

export function viewOf(r: RunRow): RunView {
  const progressed = r.progressAt ?? r.finishedAt;
  const seconds = r.startedAt && progressed ? (progressed.getTime() - r.startedAt.getTime()) / 1000 : 0;
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
    errors: { count: r.errorCount, items: r.errors },
    lastError: r.lastError,
    result: r.result,
    cronName: r.cronName,
    occurrence: r.occurrence,
    createdBy: r.createdBy,
    cancelRequested: r.cancelRequested !== null,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

const theRun = (tenantId: string, id: string) => and(eq(jobRuns.tenantId, tenantId), eq(jobRuns.id, id));

export async function insertRun(
  db: Db | Tx,
  run: { tenantId: string; id: string; name: string; data: Record<string, unknown>; createdBy?: string | null },
): Promise<void> {
  await db.insert(jobRuns).values({ ...run, createdBy: run.createdBy ?? null });
}

/**
 * Takes a run for one attempt: only a queued or retrying run, or an active one whose lease ran out (its process
 * died). A second delivery of the same attempt finds nothing to take and is dropped.
 */
export async function takeRun(db: Db, tenantId: string, id: string, leaseSeconds: number): Promise<RunRow | null> {
  const [r] = await db
    .update(jobRuns)
    .set({
      state: 'active',
      attempt: sql`${jobRuns.attempt} + 1`,
      startedAt: sql`now()`,
      progressAt: null,
      done: 0,
      errorCount: 0,
      errors: [],
    })
    .where(
      and(
        theRun(tenantId, id),
        isNull(jobRuns.cancelRequested),
        or(
          inArray(jobRuns.state, ['queued', 'retrying']),
          and(eq(jobRuns.state, 'active'), lt(jobRuns.startedAt, sql`now() - make_interval(secs => ${leaseSeconds})`)),
        ),
      ),
    )
    .returning();
  return r ?? null;
}

export interface Progress {
  done: number;
  total: number | null;
  errorCount: number;
  errors: { message: string; item?: unknown }[];
}

/** Saves a running run's progress; answers whether someone asked to cancel it (or it is no longer running). */
export async function saveProgress(
  db: Db,
  tenantId: string,
  id: string,
  p: Progress,
): Promise<{ cancelRequested: boolean }> {
  const [r] = await db
    .update(jobRuns)
    .set({ ...p, progressAt: sql`now()` })
    .where(and(theRun(tenantId, id), eq(jobRuns.state, 'active')))
    .returning({ cancelRequested: jobRuns.cancelRequested });
  return { cancelRequested: r ? r.cancelRequested !== null : true };
}

export async function finishRun(
  db: Db | Tx,
  tenantId: string,
  id: string,
  state: 'completed' | 'retrying' | 'dead' | 'cancelled',
  p: Progress & { error?: string; result?: unknown },
): Promise<void> {
  await db
    .update(jobRuns)
    .set({
      state,
      done: p.done,
      total: p.total,
      errorCount: p.errorCount,
      errors: p.errors,
      lastError: p.error ?? sql`${jobRuns.lastError}`,
      result: p.result ?? null,
      finishedAt: state === 'retrying' ? null : sql`now()`,
      progressAt: sql`now()`,
    })
    .where(theRun(tenantId, id));
}

export async function getRun(db: Db | Tx, tenantId: string, id: string): Promise<RunRow | null> {
  const [r] = await db.select().from(jobRuns).where(theRun(tenantId, id));
  return r ?? null;
}

export type RunFilter = 'all' | 'failed' | 'active';

const FILTERS: Record<RunFilter, JobState[] | null> = {
  all: null,
  failed: ['dead', 'retrying'], // what an admin must look at
  active: ['queued', 'active'],
};

/** A tenant's runs, newest first, key-paged on (created_at, id). */
export async function listRuns(
  tx: Tx,
  tenantId: string,
  f: { state: RunFilter; limit: number; cursor?: string },
): Promise<Page<RunRow>> {
  const keys = newestFirst(jobRuns.createdAt, jobRuns.id, f.cursor, (r: RunRow) => [r.createdAt, r.id]);
  const states = FILTERS[f.state];
  const found = await tx
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.tenantId, tenantId), states ? inArray(jobRuns.state, states) : undefined, keys.after))
    .orderBy(...keys.order)
    .limit(f.limit + 1);
  return keys.page(found, f.limit);
}
