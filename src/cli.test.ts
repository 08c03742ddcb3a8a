import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'granary.mjs');
function granary(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('granary CLI', () => {
  it('lists its commands with --help and each command has --help', () => {
    const r = granary(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'setup', 'token', 'user', 'tenant', 'demo']) expect(r.out).toContain(c);
    for (const c of ['serve', 'migrate', 'setup', 'token', 'user', 'tenant']) {
      const h = granary([c, '--help']);
      expect(h.code, c).toBe(0);
      expect(h.out).toContain('Usage: granary');
    }
  });

  it('fails with exit 2 on an unknown command or flag', () => {
    expect(granary(['frobnicate']).code).toBe(2);
    const r = granary(['migrate', '--nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--nope');
  });

  it('reports bad configuration in one line naming the variable, exit 2, no stack', () => {
    const r = granary(['migrate'], { PORT: 'abc', DATA_DIR: mkdtempSync(join(tmpdir(), 'g-')) });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('PORT');
    expect(r.err).not.toMatch(/\s+at\s/);
  });

  it('reports an unreachable database in one line, exit 1', () => {
    const r = granary(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'g-')),
    });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('cannot reach the database');
  });

  it('sets up a tenant, creates a token and users, lists tenants (embedded database)', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'g-')), LOG_LEVEL: 'silent' };
    const s = granary(
      [
        'setup',
        '--tenant',
        'Acme 茶庄',
        '--email',
        'boss@acme.example',
        '--password',
        'long-enough-pw',
        '--locale',
        'ja',
      ],
      env,
    );
    expect(s.code, s.err).toBe(0);
    const setup = JSON.parse(s.out);
    expect(setup.tenant.name).toBe('Acme 茶庄');
    const bad = granary(['setup', '--tenant', 'X', '--email', 'not-an-email', '--password', 'long-enough-pw'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('email');
    const t = granary(['token', 'create', '--email', 'boss@acme.example', '--name', 'ci', '--role', 'sales'], env);
    expect(t.code, t.err).toBe(0);
    expect(t.out.trim()).toMatch(/^gra_[\w-]{40,}$/);
    const add = granary(['user', 'add', '--email', 'rep@acme.example', '--name', 'Rep', '--role', 'sales'], env);
    expect(add.code, add.err).toBe(0);
    expect(JSON.parse(add.out).password.length).toBeGreaterThanOrEqual(12);
    expect(
      granary(['user', 'reset-password', '--email', 'rep@acme.example', '--password', 'another-long-pw'], env).code,
    ).toBe(0);
    expect(granary(['user', 'deactivate', '--email', 'rep@acme.example'], env).code).toBe(0);
    expect(granary(['user', 'deactivate', '--email', 'ghost@acme.example'], env).code).toBe(2);
    const list = granary(['tenant', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toContain('Acme 茶庄');
    // A background run from the CLI: progress on stderr (the same figures as GET /api/v1/jobs/:id), the end on stdout.
    const recompute = granary(['recompute'], env);
    expect(recompute.code, recompute.err).toBe(0);
    expect(recompute.err).toMatch(/orders\.recompute_figures: completed 0\/0/);
    expect(JSON.parse(recompute.out)).toMatchObject({ state: 'completed', result: { customers: 0 } });
  }, 90_000); // seven CLI processes, each starting tsx and the embedded database: ~26 s alone on 2 cores

  it('ends a demo with the sign-in address, email and password as sentences, or JSON with --json', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'g-')), LOG_LEVEL: 'silent', PORT: '3456' };
    const text = granary(['demo', '--customers', '30', '--locale', 'en'], env);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('The demo business "Demo Tea House" is ready: 30 customers');
    expect(text.out).toMatch(
      /Sign in at http:\/\/127\.0\.0\.1:3456\/login with the email owner\+\S+ and the password demo-42-granary/,
    );
    expect(text.out).not.toContain('{');
    const raw = granary(['demo', '--customers', '30', '--json'], env);
    expect(raw.code, raw.err).toBe(0);
    expect(JSON.parse(raw.out)).toMatchObject({ customers: 30, password: 'demo-42-granary' });
  });
});
