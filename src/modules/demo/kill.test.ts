import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.ts';
import { DB_KINDS } from '../../../test/harness.ts';
import { openDatabase, rows } from '../../db/client.ts';

// kill -9 during `granary demo` (issue 9 defect 8): it left 20,000 customers without channels or orders. The load
// is one transaction now, so a killed demo leaves nothing and the next run completes on its own.
const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'granary.mjs');

function demoUntilKilled(env: Record<string, string>): Promise<{ signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Two chunks of 20,000: the first progress line past 0 means a whole chunk is written, inside the transaction.
    const child = spawn(process.execPath, [bin, 'demo', '--customers', '40000', '--orders', '40000', '--json'], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/customers [1-9]\d*\//.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr }));
  });
}

function demo(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, 'demo', '--customers', '200', '--json'], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { tenantId: string; customers: number };
}

describe.each(DB_KINDS)('a demo killed mid-load [%s]', (kind) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'granary-kill-'));
  const dbName = `granary_kill_${process.pid}`;
  const url = process.env.TEST_DATABASE_URL;
  const env: Record<string, string> = { DATA_DIR: dataDir };
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  const open = () =>
    kind === 'pglite' ? openDatabase({ dataDir }) : openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 1 });

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (kind === 'postgres') await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('leaves no tenant, and the next run completes', { timeout: 180_000 }, async () => {
    if (kind === 'postgres') {
      await admin(`drop database if exists ${dbName} with (force)`);
      await admin(`create database ${dbName}`);
      env.DATABASE_URL = withDatabase(url!, dbName);
    }
    const killed = await demoUntilKilled(env);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stderr).toMatch(/customers 20000\/40000/);

    // On PGlite this also takes over the lock the killed process left.
    let database = await open();
    const count = async (table: string) =>
      (await rows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;
    try {
      expect(await count('tenants')).toBe(0);
      expect(await count('customers')).toBe(0);
    } finally {
      await database.close();
    }

    const next = demo(env);
    database = await open();
    try {
      expect(await count('tenants')).toBe(1);
      const [figures] = await rows<{ customers: number; channels: number; orders: number; bad_spend: number }>(
        database.db,
        sql`select
              (select count(*)::int from customers where tenant_id = ${next.tenantId}) as customers,
              (select count(*)::int from customer_channels where tenant_id = ${next.tenantId}) as channels,
              (select count(*)::int from orders where tenant_id = ${next.tenantId}) as orders,
              (select count(*)::int from customers c where c.tenant_id = ${next.tenantId} and c.total_spend <>
                 coalesce((select sum(o.total) from orders o where o.customer_id = c.id), 0)) as bad_spend`,
      );
      expect(figures.customers).toBe(200);
      expect(figures.channels).toBeGreaterThan(150);
      expect(figures.orders).toBeGreaterThan(200);
      expect(figures.bad_spend).toBe(0);
    } finally {
      await database.close();
    }
  });
});
