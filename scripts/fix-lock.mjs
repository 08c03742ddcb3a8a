#!/usr/bin/env node
// The npm registry reachable from these machines serves only this platform's builds of packages such as
// @rollup/rollup-*, @esbuild/*, @biomejs/cli-*: npm then leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` refuses the lock ("Missing: … from lock file"). This adds those entries back as
// optional, platform-tagged packages (which npm ci then skips on this machine), written as npm itself writes them,
// so that an `npm install` on a fresh clone leaves the lock byte-identical (test/lockfile.test.ts). Run after
// `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'sunos',
  'win32',
  'aix',
  'openharmony',
  'cygwin',
];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os =
    parts.find((p) => OS.includes(p)) ??
    (parts.includes('windows') ? 'win32' : parts.includes('macos') ? 'darwin' : undefined);
  let cpu = parts.find(
    (p) => CPU.includes(p) || p === 'gnueabihf' || p === 'musleabihf' || p === 'x86_64' || p === 'aarch64',
  );
  if (cpu === 'x86_64') cpu = 'x64';
  if (cpu === 'aarch64') cpu = 'arm64';
  if (cpu === 'gnueabihf' || cpu === 'musleabihf') cpu = 'arm';
  if (parts.includes('x64') || (parts.includes('64') && !cpu)) cpu = cpu ?? 'x64';
  const libc =
    parts.includes('musl') || parts.includes('musleabihf')
      ? 'musl'
      : os === 'linux' && (parts.includes('gnu') || parts.includes('gnueabihf'))
        ? 'glibc'
        : undefined;
  return { os, cpu, libc };
}

// Entries this script wrote before (no tarball, optional, platform-tagged) are rebuilt, so a rerun converges.
for (const [path, meta] of Object.entries(pkgs))
  if (path && !meta.resolved && !meta.integrity && !meta.link && meta.optional && (meta.os || meta.cpu))
    delete pkgs[path];

let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform package: leave npm's decision alone
    const version = String(range).replace(/^[\^~=]/, '');
    // Where node would find it from its parent: the nearest node_modules up the tree that has it. Missing, it goes
    // to the top level; shadowed by another version, beside its parent.
    const places = [];
    for (let p = path; ; p = p.includes('/node_modules/') ? p.slice(0, p.lastIndexOf('/node_modules/')) : '') {
      places.push(p ? `${p}/node_modules/${dep}` : `node_modules/${dep}`);
      if (!p) break;
    }
    const found = places.find((p) => pkgs[p]);
    const at = !found ? places.at(-1) : pkgs[found].version === version ? found : places[0];
    const entry = pkgs[at];
    if (entry) {
      // Already there: npm's own entry (this platform's build), or one added above for another parent. It is a
      // dev package only while every parent asking for it is one (npm writes `"dev": true` then).
      if (entry.resolved === undefined && !meta.dev) delete entry.dev;
      continue;
    }
    // npm's key order for such entries (version, then alphabetical): an `npm install` then leaves them as they are.
    pkgs[at] = {
      version,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(meta.dev ? { dev: true } : {}),
      ...(libc ? { libc: [libc] } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} foreign-platform optional entries`);
