import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port.ts';
import { classifyDbError } from './errors.ts';

const root = join(import.meta.dirname, '..', '..');
const url = process.env.TEST_DATABASE_URL;

describe('database failures are classified once for both drivers', () => {
  it('maps SQLSTATE classes through drizzle’s cause chain', () => {
    const wrapped = (code: string) => ({ message: 'Failed query: select $1 params: secret', cause: { code } });
    expect(classifyDbError(wrapped('57P01')).failure).toBe('unavailable'); // admin shutdown (terminate_backend)
    expect(classifyDbError(wrapped('55000')).failure).toBe('unavailable'); // ALLOW_CONNECTIONS false
    expect(classifyDbError(wrapped('53300')).failure).toBe('unavailable'); // too many connections
    expect(classifyDbError(wrapped('08006')).failure).toBe('unavailable');
    expect(classifyDbError(wrapped('40P01')).failure).toBe('busy');
    expect(classifyDbError(wrapped('57014')).failure).toBe('busy');
    expect(classifyDbError(wrapped('22021')).failure).toBe('invalid'); // NUL in text
    expect(classifyDbError(wrapped('22008')).failure).toBe('invalid');
    expect(classifyDbError(wrapped('23503')).failure).toBe('reference');
    expect(classifyDbError(wrapped('23505')).failure).toBe('conflict');
    expect(classifyDbError(wrapped('42601')).failure).toBe(null); // our bug: a 500, logged
    expect(classifyDbError({ code: 'ECONNRESET' }).failure).toBe('unavailable');
    expect(classifyDbError(new Error('Connection terminated unexpectedly')).failure).toBe('unavailable');
  });
});

/**
 * A real server process on server PostgreSQL whose backends are terminated under load, then whose database stops
 * accepting connections: it must stay up, answer 503 problem+json with Retry-After meanwhile, and recover alone.
 */
describe.skipIf(!url)('a running server loses its PostgreSQL [postgres]', () => {
  const name = `granary_outage_${process.pid}`;
  let server: ChildProcess | undefined;
  const admin = new pg.Client({ connectionString: url });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  });

  it('answers 503 while the database is away and 200 once it is back, without restarting', async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url!);
    u.pathname = `/${name}`;
    const port = await freePort();
    let output = '';
    server = spawn(process.execPath, [join(root, 'bin', 'granary.mjs'), 'serve'], {
      env: { ...process.env, DATABASE_URL: u.toString(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    let exited: number | null = null;
    server.on('exit', (code) => (exited = code ?? -1));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && !output.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('serving');

    const statuses = new Map<number, number>();
    const hit = async () => {
      const r = await fetch(`${base}/api/v1/setup`).catch(() => null);
      const s = r ? r.status : 0;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      if (r && s === 503) {
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(r.headers.get('retry-after')).toBeTruthy();
      }
      await r?.arrayBuffer();
    };
    const terminate = () =>
      admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
    // Light load for ~2 s with the backends terminated five times.
    const stopAt = Date.now() + 2000;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < stopAt) await hit();
      }),
    );
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      await terminate();
    }
    await load;
    expect(exited).toBe(null);
    expect(statuses.get(0) ?? 0).toBe(0); // never refused: the process stayed up
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);

    // The database stops accepting connections (SQLSTATE 55000): 503 with Retry-After, /readyz too.
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await terminate();
    const down = await fetch(`${base}/api/v1/setup`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    expect((await down.json()).code).toBe('database_unavailable');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeTruthy();

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(`${base}/api/v1/setup`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(exited).toBe(null);
    expect(output).not.toMatch(/Unhandled|unhandled error/);
  }, 60_000);
});
