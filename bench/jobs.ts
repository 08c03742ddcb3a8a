// Engine figures (issue 11): enqueue + complete throughput of no-op jobs against the same number of single-row
// INSERTs in the same run, on embedded and server PostgreSQL; domain event → after-commit subscriber latency,
// against the same write transaction without an event.
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { emit, subscribeLocal } from '../src/core/events.ts';
import { Engine } from '../src/core/jobs/engine.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { transaction } from '../src/db/tenant.ts';
import { tenantZones } from '../src/modules/tenants/service.ts';
import { benchDatabase, machine } from './_server.ts';

const N = Number(process.env.BENCH_JOBS ?? 2000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const withServer = process.env.BENCH_SKIP_SERVER !== '1';
const logger = pino({ level: 'silent' });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(3));
};

/** Runs `n` tasks with at most `width` in flight. */
async function inFlight(n: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function measure(kind: 'embedded' | 'server') {
  const server = kind === 'server' ? await benchDatabase('granary_bench_jobs') : undefined;
  const database: Database = await openDatabase(server ? { databaseUrl: server.url, poolSize: 10 } : {});
  const width = kind === 'server' ? 8 : 1;
  try {
    await migrate(database);
    const db = database.db;
    const [{ id: tenantId }] = (
      (await db.execute(sql`insert into tenants (id, name, slug, currency, timezone, phone_region, locale)
        values (gen_random_uuid(), 'Bench', 'bench', 'CNY', 'Asia/Shanghai', 'CN', 'zh-CN') returning id`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    await db.execute(sql`create table bench_rows (id bigserial primary key, tenant_id uuid, v int)`);

    // Baseline: the same number of single-row INSERTs, each its own transaction, same concurrency.
    let t0 = performance.now();
    await inFlight(N, width, async (i) => {
      await transaction(db, (tx) => tx.execute(sql`insert into bench_rows (tenant_id, v) values (${tenantId}, ${i})`));
    });
    const insertsPerSec = N / ((performance.now() - t0) / 1000);

    let completed = 0;
    let allDone: () => void = () => {};
    const finished = new Promise<void>((r) => {
      allDone = r;
    });
    const engine = new Engine({
      database,
      logger,
      jobs: [
        {
          name: 'bench.noop',
          concurrency: 8,
          run: async () => {
            if (++completed === N) allDone();
          },
        },
      ],
      zones: tenantZones(db),
      pollSeconds: 0.5,
      tickSeconds: 3600,
    });
    await engine.start();
    t0 = performance.now();
    await inFlight(N, width, async () => {
      await transaction(db, (tx) => engine.enqueue(tx, tenantId, 'bench.noop'));
    });
    const enqueuedMs = performance.now() - t0;
    await finished;
    const totalMs = performance.now() - t0;
    await engine.stop();

    // Event → local subscriber after commit, beside the same write without an event.
    const plain: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const s = performance.now();
      await transaction(db, (tx) => tx.execute(sql`insert into bench_rows (tenant_id, v) values (${tenantId}, ${i})`));
      plain.push(performance.now() - s);
    }
    const latency: number[] = [];
    const written: number[] = [];
    let emittedAt = 0;
    const off = subscribeLocal({
      types: ['bench.happened'],
      handle: () => latency.push(performance.now() - emittedAt),
    });
    for (let i = 0; i < EVENTS; i++) {
      const s = performance.now();
      await transaction(db, async (tx) => {
        await tx.execute(sql`insert into bench_rows (tenant_id, v) values (${tenantId}, ${i})`);
        emittedAt = performance.now();
        await emit(tx, { type: 'bench.happened', tenantId, entityId: null });
      });
      written.push(performance.now() - s);
    }
    off();
    return {
      kind,
      jobs: N,
      clientConcurrency: width,
      insertsPerSec: Math.round(insertsPerSec),
      enqueuePerSec: Math.round(N / (enqueuedMs / 1000)),
      enqueueAndCompletePerSec: Math.round(N / (totalMs / 1000)),
      jobsVsInserts: Number((N / (totalMs / 1000) / insertsPerSec).toFixed(3)),
      eventToSubscriberMs: { p50: pct(latency, 50), p95: pct(latency, 95) },
      writeWithEventMs: { p50: pct(written, 50), p95: pct(written, 95) },
      writeWithoutEventMs: { p50: pct(plain, 50), p95: pct(plain, 95) },
    };
  } finally {
    await database.close();
    await server?.drop();
  }
}

const results = [await measure('embedded')];
if (withServer) results.push(await measure('server'));
console.log(JSON.stringify({ bench: 'jobs', machine: machine(), results }));
process.exit(0);
