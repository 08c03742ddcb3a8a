import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A fresh clone's `npm install` must leave package-lock.json byte-identical and warn about nothing of ours
// (issue 10: it rewrote the lock, warned that cookie@2 needs Node 22 and listed esbuild's unreviewed scripts).
const root = join(import.meta.dirname, '..');
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(v: string, range: string): boolean;
  minVersion(range: string): { version: string };
};

describe('package-lock.json', () => {
  it('is left byte-identical by npm install on a fresh clone, with no warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'granary-lock-'));
    try {
      for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(root, f), join(dir, f));
      // Resolving the tree and writing the lock is what rewrote it; no node_modules needed to see that.
      const r = spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/npm warn/i);
      const after = readFileSync(join(dir, 'package-lock.json'), 'utf8');
      // Not toBe on 200 kB: name the first line that moved (run `npm install && npm run lock:fix` to settle it).
      const [a, b] = [readFileSync(join(root, 'package-lock.json'), 'utf8').split('\n'), after.split('\n')];
      const moved = a.findIndex((line, i) => line !== b[i]);
      expect(moved === -1 && a.length === b.length ? 'unchanged' : `line ${moved + 1}: ${b[moved]}`).toBe('unchanged');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds only packages that run on the Node we promise', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const lowest = semver.minVersion(pkg.engines.node).version;
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    const refused = Object.entries(lock.packages as Record<string, { version?: string; engines?: { node?: string } }>)
      .filter(([path, p]) => path && p.engines?.node && !semver.satisfies(lowest, p.engines.node))
      .map(([path, p]) => `${path}@${p.version} needs node ${p.engines?.node}`);
    expect(refused).toEqual([]);
  });
});
