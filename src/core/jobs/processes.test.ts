import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hearing } from '../../../test/engine-hearing.ts';
import { openTestDatabase } from '../../../test/harness.ts';
import { until } from '../../../test/until.ts';
import { type Database, rows } from '../../db/client.ts';
import { transaction } from '../../db/tenant.ts';
import { emit, subscribeDurable } from '../events.ts';
import { Engine } from './engine.ts';
import { getRun } from './runs.ts';

const url = process.env.TEST_DATABASE_URL;
const root = join(import.meta.dirname, '..', '..', '..');

/** Exactly once across real processes: two app processes share one PostgreSQL (PGlite is one process by design). */
describe.skipIf(!url)('two app processes on one PostgreSQL [postgres]', () => {
  let database: Database;
  let dbUrl: string;
  const procs: ChildProcess[] = [];
  let enqueuer: Engine;

  const start = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'engine-process.ts')], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl, SELF_CHECKS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    procs.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`engine process exited with ${code}`)));
    });
    return child;
  };

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const [{ db }] = await rows<{ db: string }>(database.db, sql`select current_database() as db`);
    const u = new URL(url!);
    u.pathname = `/${db}`;
    dbUrl = u.toString();
    await database.db.execute(
      sql`create table engine_marks (run_id uuid not null, pid int not null, attempt int not null, at timestamptz default now())`,
    );
    // Tenants in three zones, existing for an hour: the current minute's occurrence is theirs from the first tick.
    for (const zone of ['Asia/Shanghai', 'Asia/Tokyo', 'Europe/Berlin'])
      await database.db.execute(
        sql`insert into tenants (id, name, slug, currency, timezone, phone_region, locale, created_at)
            values (gen_random_uuid(), ${zone}, ${`p-${zone.toLowerCase().replace('/', '-')}`}, 'CNY', ${zone}, 'CN', 'en',
                    now() - interval '1 hour')`,
      );
    enqueuer = new Engine({
      database,
      logger: pino({ level: 'silent' }),
      // The same declaration as the app processes (a queue's lease and retry delay are the queue's).
      jobs: [{ name: 'proc.mark', retryDelaySeconds: 1, leaseSeconds: 3, run: async () => {} }],
      zones: { zones: async () => [], tenantsIn: async () => [] },
      work: false,
    });
    await Promise.all([start(), start()]);
    await enqueuer.start();
    // Emitting here writes the outbox row; only the app processes deliver it.
    subscribeDurable(hearing);
  }, 60_000);

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await enqueuer?.stop();
    await database?.close();
  });

  const tenants = () => rows<{ id: string }>(database.db, sql`select id from tenants order by id`);

  it('runs each scheduled occurrence once per tenant and a queued job once, however many processes tick', async () => {
    const [t] = await tenants();
    const queued = await transaction(database.db, (tx) => enqueuer.enqueue(tx, t.id, 'proc.mark', {}));
    // Let both processes tick (every second) across several seconds.
    await until(
      'the queued run and three occurrences',
      async () => {
        const [n] = await rows<{ n: number }>(
          database.db,
          sql`select count(distinct run_id)::int as n from engine_marks`,
        );
        return n.n >= 4;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const marks = await rows<{ run_id: string; n: number; pids: number }>(
      database.db,
      sql`select run_id, count(*)::int as n, count(distinct pid)::int as pids from engine_marks group by run_id`,
    );
    expect(marks.every((m) => m.n === 1)).toBe(true);
    expect(marks.map((m) => m.run_id)).toContain(queued);
    const claims = await rows<{ tenant_id: string; occurrence: Date; n: number }>(
      database.db,
      sql`select c.tenant_id, c.occurrence, count(m.run_id)::int as n from cron_runs c
          left join engine_marks m on m.run_id = c.job_id group by 1, 2`,
    );
    expect(claims.length).toBeGreaterThanOrEqual(3);
    expect(new Set(claims.map((c) => c.tenant_id)).size).toBe(3);
    expect(claims.every((c) => c.n <= 1)).toBe(true); // a claim is run at most once (a fresh minute may be running)
    const ran = await rows<{ pid: number }>(database.db, sql`select distinct pid from engine_marks`);
    expect(ran.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("picks a killed process's run up again after its lease", async () => {
    const [t] = await tenants();
    const id = await transaction(database.db, (tx) => enqueuer.enqueue(tx, t.id, 'proc.mark', { hangOnce: true }));
    const first = await until(
      'the first attempt to start',
      async () => {
        const [m] = await rows<{ pid: number }>(
          database.db,
          sql`select pid from engine_marks where run_id = ${id} and attempt = 1`,
        );
        return m;
      },
      30_000,
    );
    const holder = procs.find((p) => p.pid === first.pid);
    expect(holder).toBeDefined();
    holder!.kill('SIGKILL');
    await start(); // the cluster goes on with two processes
    const done = await until(
      'the run to complete in another process',
      async () => {
        const r = await getRun(database.db, t.id, id);
        return r?.state === 'completed' && r;
      },
      45_000,
    );
    expect(done.attempt).toBe(2);
    const marks = await rows<{ pid: number; attempt: number }>(
      database.db,
      sql`select pid, attempt from engine_marks where run_id = ${id} order by attempt`,
    );
    expect(marks).toHaveLength(2);
    expect(marks[1].pid).not.toBe(first.pid);
  }, 60_000);

  it('delivers an event again after the process delivering it was killed, once the lease is over', async () => {
    const [t] = await tenants();
    let eventId = '';
    await transaction(database.db, async (tx) => {
      await emit(tx, { type: 'proc.said', tenantId: t.id, entityId: null });
    });
    const [row] = await rows<{ event_id: string }>(
      database.db,
      sql`select event_id from outbox where subscriber = 'proc.hear'`,
    );
    eventId = row.event_id;
    const first = await until(
      'the first delivery to start',
      async () => {
        const [m] = await rows<{ pid: number }>(
          database.db,
          sql`select pid from engine_marks where run_id = ${eventId} and attempt = 1`,
        );
        return m;
      },
      30_000,
    );
    procs.find((p) => p.pid === first.pid)!.kill('SIGKILL');
    await start();
    const delivered = await until(
      'the delivery to be made again and recorded',
      async () => {
        const [o] = await rows<{ delivered_at: Date | null; attempts: number }>(
          database.db,
          sql`select delivered_at, attempts from outbox where event_id = ${eventId}`,
        );
        return o.delivered_at && o;
      },
      30_000,
    );
    expect(delivered.attempts).toBe(2);
    const marks = await rows<{ pid: number; attempt: number }>(
      database.db,
      sql`select pid, attempt from engine_marks where run_id = ${eventId} order by attempt`,
    );
    expect(marks.map((m) => m.attempt)).toEqual([1, 2]);
    expect(marks[1].pid).not.toBe(first.pid);
  }, 60_000);
});
