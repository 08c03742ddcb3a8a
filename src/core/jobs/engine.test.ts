import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDatabase } from '../../../test/harness.ts';
import { until } from '../../../test/until.ts';
import { type Database, rows } from '../../db/client.ts';
import { transaction } from '../../db/tenant.ts';
import { tenantZones } from '../../modules/tenants/service.ts';
import { manualClock } from '../clock.ts';
import type { JobDefinition } from './define.ts';
import { Engine } from './engine.ts';
import { getRun, viewOf } from './runs.ts';

const lines: Record<string, unknown>[] = [];
const logger = pino({ level: 'warn' }, { write: (s: string) => lines.push(JSON.parse(s)) });

async function addTenant(db: Database, zone: string, createdAt = '2020-01-01T00:00:00Z'): Promise<string> {
  const [t] = await rows<{ id: string }>(
    db.db,
    sql`insert into tenants (id, name, slug, currency, timezone, phone_region, locale, created_at)
        values (gen_random_uuid(), ${zone}, ${`t-${Math.random().toString(36).slice(2)}`}, 'CNY', ${zone}, 'CN', 'zh-CN',
                ${createdAt}::timestamptz) returning id`,
  );
  return t.id;
}

for (const kind of DB_KINDS) {
  describe(`job engine [${kind}]`, () => {
    let database: Database;
    let engine: Engine;
    const clock = manualClock('2026-02-28T15:59:59Z'); // 23:59:59 in Shanghai on Feb 28
    const ran: { name: string; tenantId: string | null; data: unknown; attempt: number }[] = [];
    let flaky = 0;
    const jobs: JobDefinition[] = [
      {
        name: 'test.count',
        run: async (job) => {
          const total = Number(job.data.total ?? 0);
          for (let i = 1; i <= total; i++) {
            if (i % 7 === 0) job.itemError(`item ${i} is bad`, { row: i });
            job.progress(i, total);
          }
          ran.push({ name: job.name, tenantId: job.tenantId, data: job.data, attempt: job.attempt });
          return { counted: total };
        },
      },
      {
        name: 'test.flaky',
        retryLimit: 1,
        retryDelaySeconds: 1,
        run: async (job) => {
          flaky++;
          if (flaky < 3) throw new Error(`attempt ${job.attempt} broke`);
          ran.push({ name: job.name, tenantId: job.tenantId, data: job.data, attempt: job.attempt });
        },
      },
      {
        name: 'test.nightly',
        run: async (job) => {
          ran.push({ name: job.name, tenantId: job.tenantId, data: job.data, attempt: job.attempt });
        },
      },
    ];
    let shanghai: string;
    let tokyo: string;
    let broken: string;

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      shanghai = await addTenant(database, 'Asia/Shanghai');
      tokyo = await addTenant(database, 'Asia/Tokyo');
      broken = await addTenant(database, 'Mars/Olympus_Mons');
      engine = new Engine({
        database,
        logger,
        clock,
        jobs,
        crons: [{ name: 'test.nightly', cron: '0 2 * * *', job: 'test.nightly' }],
        zones: tenantZones(database.db),
        tickSeconds: 3600, // ticks are driven by the test, on the test's clock
        pollSeconds: 0.5,
        maintenanceSeconds: 1,
      });
      await engine.start();
    });
    afterAll(async () => {
      await engine.stop();
      await database.close();
    });

    const runOf = (tenantId: string, id: string) =>
      getRun(database.db, tenantId, id).then((r) => (r ? viewOf(r) : null));

    it('runs a job enqueued in a committed transaction once, with progress, rate and item errors', async () => {
      const id = await transaction(database.db, (tx) => engine.enqueue(tx, shanghai, 'test.count', { total: 50 }));
      const done = await until('the run to complete', async () => {
        const r = await runOf(shanghai, id);
        return r?.state === 'completed' && r;
      });
      expect(done).toMatchObject({ done: 50, total: 50, attempt: 1, result: { counted: 50 }, eta: null });
      expect(done.errors.count).toBe(7);
      expect(done.errors.items[0]).toEqual({ message: 'item 7 is bad', item: { row: 7 } });
      expect(ran.filter((r) => r.name === 'test.count')).toHaveLength(1);
    });

    it('queues nothing when the enqueuing transaction rolls back', async () => {
      let id = '';
      await expect(
        transaction(database.db, async (tx) => {
          id = await engine.enqueue(tx, shanghai, 'test.count', { total: 1 });
          throw new Error('the write failed');
        }),
      ).rejects.toThrow('the write failed');
      expect(await runOf(shanghai, id)).toBeNull();
      const [n] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pgboss.job where id = ${id}`,
      );
      expect(n.n).toBe(0);
    });

    it('retries a failing job with backoff, dead-letters it with its error, and "retry now" runs it again', async () => {
      const id = await transaction(database.db, (tx) => engine.enqueue(tx, tokyo, 'test.flaky', {}));
      const dead = await until('the run to be dead', async () => {
        const r = await runOf(tokyo, id);
        return r?.state === 'dead' && r;
      });
      expect(dead.attempt).toBe(2);
      expect(dead.lastError).toBe('attempt 2 broke');
      expect(flaky).toBe(2);
      await engine.retryNow(tokyo, id);
      const ok = await until('the retried run', async () => {
        const r = await runOf(tokyo, id);
        return r?.state === 'completed' && r;
      });
      expect(ok.attempt).toBe(3);
      expect(ok.lastError).toBe('attempt 2 broke'); // kept: the admin sees what went wrong before
    });

    it('fires a 02:00 schedule at 17:00 UTC for Tokyo and 18:00 UTC for Shanghai, once each, skipping a bad zone', async () => {
      // Tenants created that day: the previous night's occurrence is not theirs to catch up.
      const sh = await addTenant(database, 'Asia/Shanghai', '2026-03-01T10:00:00Z');
      const tk = await addTenant(database, 'Asia/Tokyo', '2026-03-01T10:00:00Z');
      const mine = (id: string) => ran.filter((r) => r.name === 'test.nightly' && r.tenantId === id);
      const claimed = async (id: string) =>
        (
          await rows<{ occurrence: Date | string }>(
            database.db,
            sql`select occurrence from cron_runs where tenant_id = ${id} order by occurrence`,
          )
        ).map((c) => new Date(c.occurrence).toISOString());
      clock.set('2026-03-01T16:59:59Z'); // 01:59:59 in Tokyo
      await engine.tick();
      expect(await claimed(tk)).toEqual([]);
      clock.set('2026-03-01T17:00:05Z'); // 02:00:05 in Tokyo, 01:00:05 in Shanghai
      await Promise.all([engine.tick(), engine.tick()]);
      await engine.tick();
      expect(await claimed(tk)).toEqual(['2026-03-01T17:00:00.000Z']);
      expect(await claimed(sh)).toEqual([]);
      clock.set('2026-03-01T18:00:05Z');
      await engine.tick();
      expect(await claimed(sh)).toEqual(['2026-03-01T18:00:00.000Z']);
      expect(await claimed(tk)).toEqual(['2026-03-01T17:00:00.000Z']);
      expect(await claimed(broken)).toEqual([]);
      expect(lines.some((l) => l.zone === 'Mars/Olympus_Mons' && String(l.msg).includes('invalid time zone'))).toBe(
        true,
      );
      await until('both runs', async () => mine(sh).length === 1 && mine(tk).length === 1);
      expect(mine(sh)[0].data).toEqual({ occurrence: '2026-03-01T18:00:00.000Z' });
      expect(mine(tk)[0].data).toEqual({ occurrence: '2026-03-01T17:00:00.000Z' });
      await new Promise((r) => setTimeout(r, 700));
      expect(mine(sh)).toHaveLength(1);
      expect(mine(tk)).toHaveLength(1);
    });

    it('queues a run whose process died between its commit and the hand-off to the queue (the sweep)', async () => {
      // What a crash right after the enqueuing commit leaves: the run, and no queue entry.
      const [r] = await rows<{ id: string }>(
        database.db,
        sql`insert into job_runs (tenant_id, id, name, data, created_at)
            values (${shanghai}, gen_random_uuid(), 'test.count', '{"total": 2}', now() - interval '1 minute')
            returning id`,
      );
      const [queued] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pgboss.job where id = ${r.id}`,
      );
      expect(queued.n).toBe(0);
      await engine.tick();
      const done = await until('the swept run to complete', async () => {
        const v = await runOf(shanghai, r.id);
        return v?.state === 'completed' && v;
      });
      expect(done).toMatchObject({ attempt: 1, done: 2, total: 2 });
    });

    it('cancels a queued run before it starts', async () => {
      const id = await transaction(database.db, async (tx) => {
        const runId = await engine.enqueue(tx, tokyo, 'test.count', { total: 3 });
        return runId;
      });
      await engine.cancel(tokyo, id);
      const r = await until('the cancelled state', async () => {
        const v = await runOf(tokyo, id);
        return v && (v.state === 'cancelled' || v.state === 'completed') && v;
      });
      expect(r.state).toBe('cancelled');
    });
  });
}
