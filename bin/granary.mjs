#!/usr/bin/env node
// Runs Granary from a single ESM bundle of src/ (built with esbuild in ~0.3 s whenever a source is newer). Running
// compiled JS rather than transpiling on load keeps a server's idle memory ~90 MB lower (measured).
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist', 'server', 'cli.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

if (!existsSync(out) || statSync(out).mtimeMs < newest(src)) {
  const { build } = await import('esbuild');
  // Build beside and rename: several CLI processes may start at once.
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(src, 'cli.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  renameSync(tmp, out);
}
await import(pathToFileURL(out).href);
