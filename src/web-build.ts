import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.ts';

const root = projectRoot;
export const webDistDir = join(root, 'dist', 'web');
const webSrc = join(root, 'web');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `npm start` builds the SPA when the build is missing or older than its sources. */
export async function ensureWebBuild(): Promise<void> {
  if (!existsSync(webSrc)) return;
  const index = join(webDistDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(webSrc)) return;
  process.stdout.write('Building the web app (first start or changed sources)…\n');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(webSrc, 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    // Always a production bundle: under vitest NODE_ENV is "test", which made Vite ship React's development build.
    { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (r.status !== 0) throw new Error('web build failed');
}
