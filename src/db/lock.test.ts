import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLocked, lockFile, readLock } from './lock.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'granary-lock-'));
/** A pid that surely ran and ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;
const holder = (over: object) => JSON.stringify({ pid: deadPid(), kind: 'serve', startedAt: 'then', ...over });

describe('data dir lock', () => {
  it('keeps a second opener out, in this process too, until released', () => {
    const d = dir();
    const release = acquireDataDirLock(d, 'serve');
    expect(readLock(d)).toMatchObject({ pid: process.pid, kind: 'serve' });
    expect(() => acquireDataDirLock(d, 'demo')).toThrow(DataDirLocked);
    release();
    expect(existsSync(lockFile(d))).toBe(false);
    acquireDataDirLock(d, 'demo')();
  });

  it.each([
    ['a process that is gone', {}],
    ['a live pid from an earlier boot', { pid: process.ppid, bootId: 'another-boot' }],
    ['a live pid that is another process now', { pid: process.ppid, procStart: '1' }],
    ['our own pid, left by an earlier process', { pid: process.pid }],
  ])('takes over a stale lock of %s', (_what, over) => {
    const d = dir();
    writeFileSync(lockFile(d), holder(over));
    const release = acquireDataDirLock(d, 'demo');
    expect(readLock(d)).toMatchObject({ pid: process.pid, kind: 'demo' });
    release();
  });

  it('refuses while the holder runs, naming it', () => {
    const d = dir();
    writeFileSync(lockFile(d), JSON.stringify({ pid: process.ppid, kind: 'serve', startedAt: 'x', url: 'http://h:1' }));
    let err: unknown;
    try {
      acquireDataDirLock(d, 'setup');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirLocked);
    expect((err as DataDirLocked).holder).toMatchObject({ pid: process.ppid, url: 'http://h:1' });
    expect(JSON.parse(readFileSync(lockFile(d), 'utf8')).pid).toBe(process.ppid); // untouched
  });

  it('treats a fresh unreadable lock as held (being written) and an old one as junk', () => {
    const d = dir();
    writeFileSync(lockFile(d), '');
    expect(() => acquireDataDirLock(d, 'demo')).toThrow(DataDirLocked);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(d), old, old);
    acquireDataDirLock(d, 'demo')();
  });
});
