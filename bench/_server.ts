import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort } from '../test/free-port.ts';

export { freePort };

/** Shared bench plumbing: spawn Granary or a bare Fastify as child processes and load them with autocannon. */
export const root = join(import.meta.dirname, '..');
export const bin = join(root, 'bin', 'granary.mjs');
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function granary(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`granary ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export interface Spawned {
  child: ChildProcess;
  url: string;
  startMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server at ${url} not ready`);
}

export async function spawnGranary(env: Record<string, string>): Promise<Spawned> {
  const port = await freePort();
  const t0 = performance.now();
  // --build-web: the browser figures need the current SPA; it is built only when missing or stale.
  const child = spawn(process.execPath, [bin, 'serve', '--build-web'], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url);
  return wrap(child, url, performance.now() - t0);
}

export async function spawnHello(): Promise<Spawned> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'bench', '_hello.mjs'), String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url);
  return wrap(child, url, performance.now() - t0);
}

function wrap(child: ChildProcess, url: string, startMs: number): Spawned {
  return {
    child,
    url,
    startMs,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : Number.NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function load(url: string, headers: Record<string, string> = {}, seconds = 10) {
  const r = await autocannon({ url, connections: 50, duration: seconds, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
}

export async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  // The CSRF header rides along on every request: harmless on reads, required on writes.
  return { cookie: String(r.headers.get('set-cookie')).split(';')[0], 'x-csrf-token': csrfToken };
}

export const tempDir = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A fresh server database for a bench (or the kept one, with reuse), dropped by the returned function. */
export async function benchDatabase(
  name: string,
  opts: { reuse?: boolean } = {},
): Promise<{ url: string; query(text: string): Promise<void>; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  if (!opts.reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    query: async (text) => {
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      await c.query(text);
      await c.end();
    },
    drop: async () => {
      const a = new pg.Client({ connectionString: SERVER_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function machine() {
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const mem = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1];
  return {
    cpus: Number(cpus),
    memGb: Math.round(Number(mem) / 1024 / 1024),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}
