import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './paths.ts';

const root = projectRoot;
export const webDistDir = join(root, 'dist', 'web');
const webSrc = join(root, 'web');
/** The last build's module count, so the next one can say how far it is (absent on a first start). */
const statsFile = join(root, 'dist', 'web-build.json');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// Runs in the child: Vite's build with a plugin that reports each phase and, once a second, the modules done.
// A child, not this process: Vite and Rollup would stay in the server's memory.
const CHILD = `
const [viteUrl, configFile, outDir] = process.argv.slice(1);
const { build } = await import(viteUrl);
const say = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
let modules = 0, last = 0;
await build({
  configFile, logLevel: 'warn', build: { outDir },
  plugins: [{
    name: 'granary-progress',
    buildStart() { say({ phase: 'compiling' }); },
    transform() { modules++; const now = Date.now(); if (now - last > 1000) { last = now; say({ modules }); } },
    renderStart() { say({ phase: 'bundling', modules }); },
    writeBundle() { say({ phase: 'writing', modules }); },
  }],
});
say({ done: modules });
`;

export interface BuildProgress {
  phase?: string;
  modules?: number;
  done?: number;
}

/** Builds the SPA into outDir in a child process, reporting progress as it goes. */
export function buildWeb(outDir: string, onProgress: (p: BuildProgress) => void): Promise<number> {
  const vite = pathToFileURL(join(root, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CHILD, vite, join(webSrc, 'vite.config.ts'), outDir],
    // Always a production bundle: under vitest NODE_ENV is "test", which made Vite ship React's development build.
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
  );
  let modules = 0;
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (piece: string) => {
    buffered += piece;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue; // a plugin's own output
      const p = JSON.parse(line) as BuildProgress;
      modules = p.done ?? modules;
      onProgress(p);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(modules) : reject(new Error('web build failed'))));
  });
}

/**
 * `npm start` builds the SPA when the build is missing or older than its sources, saying what it is doing and how
 * far it is (issue 10: a first start was silent for ~50 s on a slow machine).
 */
export async function ensureWebBuild(out: NodeJS.WriteStream = process.stdout): Promise<void> {
  if (!existsSync(webSrc)) return;
  const index = join(webDistDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(webSrc)) return;
  let expected = 0;
  try {
    expected = Number(JSON.parse(readFileSync(statsFile, 'utf8')).modules) || 0;
  } catch {}
  const started = Date.now();
  const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const why = existsSync(index) ? 'its sources changed' : 'first start';
  out.write(`Building the web app (${why}); the server starts when it is done.\n`);
  let phase = 'compiling';
  let lastLine = 0;
  let lastPhase = '';
  const show = (modules: number) => {
    const share = expected ? ` of ~${expected} (${Math.min(99, Math.round((100 * modules) / expected))} %)` : '';
    const text = `  ${phase}: ${modules} modules${phase === 'compiling' ? share : ''}, ${seconds()}`;
    // A terminal gets one line updated in place; a log file a line every 10 s.
    if (out.isTTY) out.write(`\r${text}\x1b[K`);
    else if (Date.now() - lastLine > 10_000 || phase !== lastPhase) {
      lastLine = Date.now();
      lastPhase = phase;
      out.write(`${text}\n`);
    }
  };
  const modules = await buildWeb(webDistDir, (p) => {
    if (p.phase) phase = p.phase;
    if (p.done === undefined) show(p.modules ?? 0);
  });
  writeFileSync(statsFile, JSON.stringify({ modules }));
  out.write(`${out.isTTY ? '\r\x1b[K' : ''}  web app built: ${modules} modules in ${seconds()}.\n`);
}
