import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 10: `npm start` and `granary demo` in a second terminal both opened ./data/pg and destroyed it. Real
// processes here, as a person runs them: a server on an embedded data dir, then CLI commands on the same dir.
const bin = join(import.meta.dirname, '..', 'bin', 'granary.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'granary-two-'));
const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
const PASSWORD = 'correct-horse-battery';

function granary(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });

async function signIn(url: string, email: string, password: string): Promise<number> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return r.status;
}

describe('two processes on one embedded data dir', () => {
  let server: { url: string; child: ChildProcess } | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await stop(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses CLI writes beside a running server, loads the demo through it, and loses nothing', {
    timeout: 240_000,
  }, async () => {
    server = await serve();
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: { name: 'Before 茶庄', locale: 'zh-CN' },
        owner: { name: 'Boss', email: 'boss@before.example', password: PASSWORD },
      }),
    });
    expect(setup.status).toBe(201);

    for (const args of [
      ['setup', '--tenant', 'Second', '--email', 'two@x.example', '--password', PASSWORD],
      ['user', 'add', '--email', 'rep@before.example', '--name', 'Rep', '--role', 'sales'],
      ['tenant', 'list'],
      ['migrate'],
    ]) {
      const r = granary(args);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(1);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Granary is running (pid ${server.child.pid}) at ${server.url}`);
      expect(lines[0]).toContain('Stop it first');
      expect(r.err).not.toMatch(/\bat \S+:\d+:\d+/); // no stack
    }

    // The demo goes through the running server instead of opening the database a second time.
    const demo = granary(['demo', '--customers', '50', '--json']);
    expect(demo.code, demo.err).toBe(0);
    const made = JSON.parse(demo.out) as { email: string; password: string; customers: number };
    expect(made.customers).toBe(50);
    expect(await signIn(server.url, made.email, made.password)).toBe(200);
    expect(await signIn(server.url, 'boss@before.example', PASSWORD)).toBe(200);

    // Stopped cleanly, the dir is free; the data is all there after a restart.
    await stop(server.child);
    expect(existsSync(join(dataDir, 'granary.lock'))).toBe(false);
    server = await serve();
    expect(await signIn(server.url, 'boss@before.example', PASSWORD)).toBe(200);
    expect(await signIn(server.url, made.email, made.password)).toBe(200);

    // kill -9 leaves a stale lock: the next command takes it over and finds both businesses.
    await stop(server.child, 'SIGKILL');
    expect(existsSync(join(dataDir, 'granary.lock'))).toBe(true);
    const list = granary(['tenant', 'list']);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain('Before 茶庄');
    expect(list.out.trim().split('\n')).toHaveLength(2);
  });
});
