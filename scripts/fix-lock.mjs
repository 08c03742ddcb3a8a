#!/usr/bin/env node
// The npm registry reachable from these machines serves only this platform's builds of packages such as
// @rollup/rollup-*, @esbuild/*, @biomejs/cli-*: npm then leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` refuses the lock ("Missing: … from lock file"). This adds those entries back as
// optional, platform-tagged packages (which npm ci then skips on this machine). Run after `npm install`.
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

let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (pkgs[base] || pkgs[`node_modules/${dep}`]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform package: leave npm's decision alone
    const version = String(range).replace(/^[\^~=]/, '');
    pkgs[`node_modules/${dep}`] = {
      version,
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} foreign-platform optional entries`);
