import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * One process per embedded data dir. PGlite has no postmaster to keep a second process out, and two instances
 * writing the same files destroyed the database beyond repair (issue 10: a CLI demo beside a running server).
 * The lock is DATA_DIR/granary.lock, created atomically, holding the holder's pid, kind and start; a lock whose
 * process is gone (crash, kill -9, reboot) is stale and taken over.
 */
export interface LockHolder {
  pid: number;
  /** What holds it: "serve", or the CLI command ("demo", "setup", …). */
  kind: string;
  startedAt: string;
  /** Where a holding server answers, once it listens (for the CLI's message and its delegation). */
  url?: string;
  /** Linux: the boot and the kernel's start tick of the holder, so a reused pid is not mistaken for it. */
  bootId?: string;
  procStart?: string;
}

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`${dataDir} is held by granary ${holder.kind} (pid ${holder.pid})`);
  }
}

const FILE = 'granary.lock';
/** A takeover guard left by a process that died in the few microseconds it exists is cleared after this. */
const GUARD_STALE_MS = 10_000;
const held = new Map<string, LockHolder>();

export const lockFile = (dataDir: string) => join(dataDir, FILE);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const bootId = () => readText('/proc/sys/kernel/random/boot_id')?.trim();
/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot (the name field may hold spaces). */
function procStart(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** The current holder, or undefined when the dir is free. Garbage in the file counts as a holder of pid 0. */
export function readLock(dataDir: string): LockHolder | undefined {
  const text = readText(lockFile(dataDir));
  if (text === undefined) return undefined;
  try {
    const h = JSON.parse(text) as LockHolder;
    if (Number.isInteger(h.pid) && h.pid > 0) return h;
  } catch {}
  return { pid: 0, kind: 'unknown', startedAt: '' };
}

/** Whether the process named by a lock still runs (and is the same process, not a reuse of its pid). */
export function isAlive(h: LockHolder, dataDir: string): boolean {
  if (h.pid === 0) {
    // Unreadable: a writer using the fallback path between create and write, or junk. Junk ages out.
    const age = Date.now() - (statMs(lockFile(dataDir)) ?? 0);
    return age < GUARD_STALE_MS;
  }
  // Our own pid in a lock we do not hold: left by an earlier process that had this pid (a container restart).
  if (h.pid === process.pid) return held.get(dataDir)?.startedAt === h.startedAt;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const boot = bootId();
  if (h.bootId && boot && h.bootId !== boot) return false;
  const start = h.procStart && procStart(h.pid);
  return !(start && start !== h.procStart);
}

function statMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Creates the lock file with complete contents or fails with EEXIST: link(2) of a written temp file. */
function create(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    // A file system without hard links: O_EXCL create, then write (readers see it empty for an instant).
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

/** Removes a stale lock, under a guard so two processes taking over at once cannot remove each other's new lock. */
function removeStale(dataDir: string, stale: LockHolder): void {
  const guard = `${lockFile(dataDir)}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (Date.now() - (statMs(guard) ?? Date.now()) > GUARD_STALE_MS) unlinkSync(guard);
    return; // another process is taking over: the caller retries
  }
  closeSync(fd);
  try {
    const now = readLock(dataDir);
    if (now && now.pid === stale.pid && now.startedAt === stale.startedAt && !isAlive(now, dataDir))
      unlinkSync(lockFile(dataDir));
  } finally {
    unlinkSync(guard);
  }
}

let exitHook = false;

/**
 * Takes the data dir for this process, or throws DataDirLocked naming the live holder. Returns the release
 * function (also run on process exit; a killed process leaves a stale lock the next opener takes over).
 */
export function acquireDataDirLock(dataDir: string, kind: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, kind, startedAt: new Date().toISOString() };
  const boot = bootId();
  const start = procStart(process.pid);
  if (boot && start) Object.assign(me, { bootId: boot, procStart: start });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (create(lockFile(dataDir), JSON.stringify(me))) {
      held.set(dataDir, me);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const dir of held.keys()) releaseDataDirLock(dir);
        });
      }
      return () => releaseDataDirLock(dataDir);
    }
    const holder = readLock(dataDir);
    if (!holder) continue; // released meanwhile
    if (isAlive(holder, dataDir)) throw new DataDirLocked(dataDir, holder);
    removeStale(dataDir, holder);
    if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new Error(`could not take ${lockFile(dataDir)}`);
}

/** Records where the holding server answers, so a CLI refused the dir can say so (or delegate to it). */
export function updateDataDirLock(dataDir: string, patch: Pick<LockHolder, 'url'>): void {
  const me = held.get(dataDir);
  if (!me) return;
  Object.assign(me, patch);
  const tmp = `${lockFile(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(me), { mode: 0o600 });
  renameSync(tmp, lockFile(dataDir)); // atomic replace: readers see the old or the new holder, never half
}

/** The lock this process holds (a server holds one), for the local channel's key (src/modules/demo/local.ts). */
export function heldLock(): LockHolder | undefined {
  return held.values().next().value;
}

export function releaseDataDirLock(dataDir: string): void {
  const me = held.get(dataDir);
  if (!me) return;
  held.delete(dataDir);
  const now = readLock(dataDir);
  if (now?.pid === me.pid && now.startedAt === me.startedAt) unlinkSync(lockFile(dataDir));
}
