#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs bench/<name>.ts or bench/<name>.mjs, which prints one JSON line.
import { existsSync, readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const [name, ...args] = process.argv.slice(2);
const dir = new URL('.', import.meta.url);
const available = readdirSync(dir)
  .filter((f) => /\.(ts|mjs)$/.test(f) && f !== 'run.mjs' && !f.startsWith('_'))
  .map((f) => f.replace(/\.(ts|mjs)$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(2);
}
process.argv = [process.argv[0], name, ...args];
const file = existsSync(new URL(`${name}.ts`, dir)) ? `${name}.ts` : `${name}.mjs`;
await import(new URL(file, dir).href);
