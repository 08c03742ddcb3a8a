import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { type Database, rows, type Tx } from '../../db/client.ts';
import { transaction } from '../../db/tenant.ts';
import { type Clock, systemClock } from '../clock.ts';
import { emit, heardDurably, installOutboxWriter, onLocalSubscriberError, subscribeLocal } from '../events.ts';
import { deliverMail, MAIL_QUEUED, type MailTransport } from '../mail/outbox.ts';
import { deliverOutbox, writeOutbox } from '../outbox/outbox.ts';
import { bossDb } from './adapter.ts';
import { checkCron } from './cron.ts';
import type { CronDefinition, JobDefinition, JobRun } from './define.ts';
import {
  finishRun,
  getRun,
  insertRun,
  MAX_KEPT_ERRORS,
  type Progress,
  type RunRow,
  saveProgress,
  takeRun,
} from './runs.ts';
import { type TenantZones, tickSchedules } from './tick.ts';

async function retryOnDeadlock(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01' || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}

export interface EngineOptions {
  database: Database;
  logger: Logger;
  clock?: Clock;
  jobs: JobDefinition[];
  crons?: CronDefinition[];
  /** Which tenants live in which time zone (the tenants module answers; src/core depends on no module). */
  zones: TenantZones;
  /** Poll for work and tick schedules (the server); false for one-shot CLI commands, which only enqueue. */
  work?: boolean;
  /** Seconds between schedule ticks (default 20): an occurrence fires at most this late. */
  tickSeconds?: number;
  /** Seconds between pg-boss maintenance passes that expire lost leases (default 60). */
  maintenanceSeconds?: number;
  /** Seconds between polls of an idle queue (default 2; work enqueued in this process starts at once). */
  pollSeconds?: number;
  /** Where the mail outbox sends; without it mail waits in the outbox (no SMTP_URL configured). */
  mail?: { transport: MailTransport; from: string };
  /** Seconds a claimed event delivery is left to its process (default 60; a killed process's are made again after). */
  outboxLeaseSeconds?: number;
}

/** Engine-wide work (no tenant, no run resource): draining the event outbox and the mail outbox. */
const OUTBOX = 'engine.events';
const MAIL = 'engine.mails';

const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 30, leaseSeconds: 15 * 60 };
const PROGRESS_EVERY_MS = 500;
/** The in-process event that hands a committed run to the queue (see enqueue). */
const QUEUED = 'job.queued';

/**
 * The job engine: pg-boss 10 queues, leases, retries with backoff and expiry on both databases (through
 * `bossDb`); job_runs rows make each tenant run a resource with progress and gate its execution; cron_runs
 * claims each tenant's scheduled occurrence once (src/core/jobs/tick.ts).
 */
export class Engine {
  readonly boss: PgBoss;
  readonly clock: Clock;
  private readonly defs = new Map<string, JobDefinition>();
  private readonly crons: CronDefinition[];
  private readonly workers = new Map<string, string>();
  private readonly running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private started = false;
  private unsubscribe: (() => void) | undefined;
  /** Schedule occurrences this process has already claimed or seen claimed (saves the database a query). */
  private readonly seen = new Set<string>();

  constructor(private readonly opts: EngineOptions) {
    this.clock = opts.clock ?? systemClock;
    for (const d of opts.jobs) {
      if (this.defs.has(d.name)) throw new Error(`job ${d.name} declared twice`);
      this.defs.set(d.name, d);
    }
    this.crons = opts.crons ?? [];
    for (const c of this.crons) {
      checkCron(c.cron);
      if (!this.defs.has(c.job)) throw new Error(`cron ${c.name} runs undeclared job ${c.job}`);
    }
    this.boss = new PgBoss({
      db: bossDb(opts.database),
      schedule: false, // per-tenant schedules are ours (tick.ts); pg-boss keeps one schedule per queue name
      supervise: opts.work !== false,
      maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 60,
    });
    this.boss.on('error', (err) => opts.logger.warn({ err: String(err) }, 'job queue error'));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.boss.start();
    for (const d of this.defs.values()) {
      const options = {
        name: d.name,
        retryLimit: d.retryLimit ?? DEFAULTS.retryLimit,
        retryDelay: d.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: d.leaseSeconds ?? DEFAULTS.leaseSeconds,
      };
      // Two processes starting at once create the same queue partitions: PostgreSQL may pick one as a deadlock
      // victim (40P01); the loser tries again, by then the queue exists.
      await retryOnDeadlock(async () => {
        await this.boss.createQueue(d.name, options);
        await this.boss.updateQueue(d.name, options);
      });
    }
    for (const name of [OUTBOX, MAIL]) {
      // Short: at most one drain waiting, however many commits wake it; any number running (each process drains,
      // rows are claimed with leases). Not stately: a drain held by a killed process would block every other
      // process's until its expiry (found by the outbox kill test).
      const options = { name, policy: 'short' as const, retryLimit: 0, expireInSeconds: 600 };
      await retryOnDeadlock(() => this.boss.createQueue(name, options));
    }
    installOutboxWriter(writeOutbox);
    onLocalSubscriberError((err, e) =>
      this.opts.logger.error({ err: String(err), event: e.type }, 'a local event subscriber threw'),
    );
    // A run committed in some transaction is handed to the queue right after that commit.
    const wake = subscribeLocal({
      types: ['*'],
      handle: (e) => {
        if (e.type === MAIL_QUEUED) this.kick(MAIL);
        else if (heardDurably(e.type)) this.kick(OUTBOX);
      },
    });
    const queued = subscribeLocal({
      types: [QUEUED],
      handle: (e) => {
        const name = String(e.data?.name);
        if (!this.defs.has(name)) return; // another engine's job (tests run several in one process)
        void this.send(name, e.tenantId, String(e.entityId)).catch((err) =>
          this.opts.logger.warn({ err: String(err), job: name }, 'job not queued yet; the sweep queues it'),
        );
      },
    });
    this.unsubscribe = () => {
      wake();
      queued();
    };
    if (this.opts.work === false) return;
    const embedded = this.opts.database.kind === 'pglite';
    for (const d of this.defs.values())
      for (let i = 0; i < (embedded ? 1 : (d.concurrency ?? 2)); i++) {
        let self = '';
        const id = await this.boss.work(
          d.name,
          { includeMetadata: true, pollingIntervalSeconds: this.opts.pollSeconds ?? 2, batchSize: 1 },
          async ([job]) => {
            // pg-boss waits a polling interval after every fetch, even one that found work: while there is
            // work, the worker is told to fetch again at once (a queue drains at its real speed).
            if (self) this.boss.notifyWorker(self);
            await this.execute(d, job as PgBoss.JobWithMetadata<{ tenantId: string }>);
          },
        );
        self = id;
        this.workers.set(d.name, id);
      }
    const drains: [string, () => Promise<number>][] = [
      [
        OUTBOX,
        () =>
          deliverOutbox(
            this.opts.database.db,
            { now: () => this.clock.now(), mailEnabled: !!this.opts.mail },
            this.opts.logger,
            this.opts.outboxLeaseSeconds,
          ),
      ],
    ];
    const mail = this.opts.mail;
    if (mail)
      drains.push([MAIL, () => deliverMail(this.opts.database.db, mail.transport, mail.from, this.opts.logger)]);
    for (const [name, drain] of drains)
      this.workers.set(
        name,
        await this.boss.work(name, { pollingIntervalSeconds: this.opts.pollSeconds ?? 2 }, async () => {
          await drain();
        }),
      );
    const every = (this.opts.tickSeconds ?? 20) * 1000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    for (const c of this.running.values()) c.abort(new Error('the process is stopping'));
    await this.ticking;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false });
  }

  /**
   * Queues a run of `name` for a tenant inside the caller's transaction: the run exists (and is visible at
   * GET /api/v1/jobs/:id) exactly when the transaction commits; a rollback leaves nothing queued.
   */
  async enqueue(
    tx: Tx,
    tenantId: string,
    name: string,
    data: Record<string, unknown> = {},
    createdBy?: string | null,
  ): Promise<string> {
    if (!this.defs.has(name)) throw new Error(`job ${name} is not declared`);
    const id = uuidv7();
    await insertRun(tx, { tenantId, id, name, data, createdBy });
    await emit(tx, { type: QUEUED, tenantId, entityId: id, data: { name } });
    return id;
  }

  /** Hands a committed run to pg-boss under the run's id (idempotent: a second send of one id is ignored). */
  async send(name: string, tenantId: string, id: string): Promise<void> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`job ${name} is not declared`);
    await this.boss.send(name, { tenantId }, { id });
    const worker = this.workers.get(name);
    if (worker) this.boss.notifyWorker(worker);
  }

  /** One pass over the schedules (and the sweep of runs never handed to the queue); safe to call anywhere. */
  tick(): Promise<void> {
    this.ticking ??= tickSchedules({
      db: this.opts.database.db,
      now: this.clock.now(),
      crons: this.crons,
      zones: this.opts.zones,
      send: (name, tenantId, id) => this.send(name, tenantId, id),
      logger: this.opts.logger,
      seen: this.seen,
      declared: (name) => this.defs.has(name),
    })
      .then(() => {
        this.kick(OUTBOX);
        if (this.opts.mail) this.kick(MAIL);
      })
      .catch((err) => this.opts.logger.warn({ err: String(err) }, 'schedule tick failed; the next tick retries'))
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }

  /** Wakes an engine-wide drain (coalesced: a drain already waiting absorbs the kick). */
  kick(name: string): void {
    if (!this.started) return;
    void this.boss
      .send(name, {}, { singletonKey: name })
      .then(() => {
        const worker = this.workers.get(name);
        if (worker) this.boss.notifyWorker(worker);
      })
      .catch((err) => this.opts.logger.warn({ err: String(err), queue: name }, 'could not wake a drain'));
  }

  /**
   * Runs a dead run again now (the admin's "retry now"); its earlier error stays on the run until it succeeds.
   * False when the run is not dead.
   */
  async retryNow(tenantId: string, id: string): Promise<boolean> {
    const [r] = await rows<{ name: string }>(
      this.opts.database.db,
      sql`update job_runs set state = 'retrying', finished_at = null
          where tenant_id = ${tenantId} and id = ${id} and state = 'dead' returning name`,
    );
    if (!r) return false;
    const queued = await this.boss.getJobById(r.name, id);
    if (queued?.state === 'failed') await this.boss.retry(r.name, id);
    else await this.boss.send(r.name, { tenantId }, { id, startAfter: 0 }); // archived meanwhile: a new entry
    const worker = this.workers.get(r.name);
    if (worker) this.boss.notifyWorker(worker);
    return true;
  }

  /**
   * Cancels a run: one not started yet never starts; a running one is asked to stop (its signal aborts here or,
   * in another process, at its next progress report). False when the run had already finished.
   */
  async cancel(tenantId: string, id: string): Promise<boolean> {
    const [r] = await rows<{ name: string; state: string }>(
      this.opts.database.db,
      sql`update job_runs set cancel_requested = now(),
            state = case when state in ('queued', 'retrying') then 'cancelled' else state end,
            finished_at = case when state in ('queued', 'retrying') then now() else finished_at end
          where tenant_id = ${tenantId} and id = ${id} and state in ('queued', 'retrying', 'active')
          returning name, state`,
    );
    if (!r) return false;
    if (r.state === 'cancelled') await this.boss.cancel(r.name, id).catch(() => {});
    this.abortLocal(id);
    return true;
  }

  /** Aborts a run executing in this process (cancel from the API; other processes see cancel_requested). */
  abortLocal(id: string): void {
    this.running.get(id)?.abort(new Error('cancelled'));
  }

  /** Records how a run ended; a dead or completed run is also an event (the notifications module tells people). */
  private async finish(
    row: RunRow,
    state: 'completed' | 'retrying' | 'dead' | 'cancelled',
    p: Parameters<typeof finishRun>[4],
  ): Promise<void> {
    await transaction(this.opts.database.db, async (tx) => {
      await finishRun(tx, row.tenantId, row.id, state, p);
      if (state === 'dead' || state === 'completed')
        await emit(tx, {
          type: `job.${state}`,
          tenantId: row.tenantId,
          entityId: row.id,
          data: { name: row.name, createdBy: row.createdBy, error: p.error ?? null },
        });
    });
  }

  private async execute(def: JobDefinition, job: PgBoss.JobWithMetadata<{ tenantId: string }>): Promise<void> {
    const db = this.opts.database.db;
    const tenantId = job.data.tenantId;
    const lease = def.leaseSeconds ?? DEFAULTS.leaseSeconds;
    const row = await takeRun(db, tenantId, job.id, lease);
    if (!row) return; // cancelled, finished, or another delivery holds it: nothing to do
    const abort = new AbortController();
    this.running.set(job.id, abort);
    const state: Progress = { done: 0, total: null, errorCount: 0, errors: [] };
    let last = 0;
    let flushing: Promise<void> | undefined;
    const flush = () => {
      // Never awaited by the job: on PGlite the job may hold the only connection in a transaction of its own.
      flushing ??= saveProgress(db, tenantId, job.id, state)
        .then((r) => {
          if (r.cancelRequested) abort.abort(new Error('cancelled'));
        })
        .catch(() => {})
        .finally(() => {
          flushing = undefined;
        });
    };
    const run: JobRun = {
      id: job.id,
      name: def.name,
      tenantId,
      data: row.data,
      attempt: row.attempt,
      clock: this.clock,
      db,
      signal: abort.signal,
      progress: (done, total) => {
        state.done = done;
        if (total !== undefined) state.total = total;
        const now = Date.now();
        if (now - last >= PROGRESS_EVERY_MS) {
          last = now;
          flush();
        }
      },
      itemError: (message, item) => {
        state.errorCount++;
        if (state.errors.length < MAX_KEPT_ERRORS)
          state.errors.push(item === undefined ? { message } : { message, item });
      },
    };
    try {
      const result = await def.run(run);
      await flushing;
      const end = abort.signal.aborted ? 'cancelled' : 'completed';
      await this.finish(row, end, { ...state, result });
    } catch (err) {
      await flushing;
      const message = err instanceof Error ? err.message : String(err);
      if (abort.signal.aborted && (await getRun(db, tenantId, job.id))?.cancelRequested) {
        await finishRun(db, tenantId, job.id, 'cancelled', state);
        return;
      }
      const last = job.retryCount >= job.retryLimit;
      await this.finish(row, last ? 'dead' : 'retrying', { ...state, error: message });
      this.opts.logger.warn({ job: def.name, run: job.id, tenantId, attempt: row.attempt, err: message }, 'job failed');
      throw err; // pg-boss retries with backoff, or keeps it failed (our row says dead)
    } finally {
      this.running.delete(job.id);
    }
  }
}
