#!/usr/bin/env node
// `npm run dev`: the API on PORT (3000) and Vite's dev server on 5173 with hot reload, proxying /api to the API.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiPort = process.env.PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--watch-path=src', 'bin/granary.mjs', 'serve'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, GRANARY_SELF_CHECKS: '1' },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, API_PORT: apiPort },
  }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && stop());
