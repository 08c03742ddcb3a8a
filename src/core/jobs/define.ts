import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';

/**
 * What a module declares for the job engine (src/core/jobs/engine.ts). The engine owns queues, retries, leases,
 * dead letters and schedules; a module only names its work.
 */
export interface JobRun<T = Record<string, unknown>> {
  /** The run's id (also the id of its resource at GET /api/v1/jobs/:id when the job is a resource). */
  id: string;
  name: string;
  /** Null for engine-wide work (outbox and mail delivery); every tenant job carries its tenant. */
  tenantId: string | null;
  data: T;
  /** 1 on the first try. */
  attempt: number;
  clock: Clock;
  /** The owner connection: a job opens its own tenant transactions (withTenant), one per batch. */
  db: Db;
  /** Aborted when a user cancels the run or the process stops; long loops check it between batches. */
  signal: AbortSignal;
  /** Reports progress of a long run (rate and ETA are derived); cheap to call per batch. */
  progress(done: number, total?: number): void;
  /** Records a per-item error kept on the run (at most 100 are kept; the count is exact). */
  itemError(message: string, item?: unknown): void;
}

export interface JobDefinition<T = Record<string, unknown>> {
  /** Unique across modules, `<module>.<verb>` (e.g. "pipeline.reclaim"). */
  name: string;
  run(job: JobRun<T>): Promise<unknown>;
  /** Tries after the first; default 3. Then the run is dead-lettered with its error. */
  retryLimit?: number;
  /** Seconds before the first retry, doubled each time (default 30). */
  retryDelaySeconds?: number;
  /** Runs of this job a process works on at once (default 2; 1 on the embedded database, which has one connection). */
  concurrency?: number;
  /** A run not finished within this lease is presumed lost with its process and run again (default 15 min). */
  leaseSeconds?: number;
}

/**
 * A schedule that fires once per occurrence **per tenant, in the tenant's time zone**: "0 2 * * *" is 02:00 in
 * Shanghai for a Shanghai shop and 02:00 in Tokyo for a Tokyo one. Each tenant's occurrence is its own run of
 * `job` with data `{ occurrence }` (ISO instant), so one tenant's failure never stops another's.
 */
export interface CronDefinition {
  name: string;
  /** Five-field cron expression, read in the tenant's time zone. */
  cron: string;
  job: string;
}
