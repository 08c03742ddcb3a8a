// The first start of a fresh clone (issue 10): from `npm start` (serve --build-web, nothing built yet, a new data
// dir) to the setup page answering, with the web build and the embedded database's creation in it. The clone's
// node_modules are hard-linked from this checkout (installing is not part of the start). Baseline in the same
// run: the second start of the same clone (web app built, data dir existing).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, machine, root, tempDir } from './_server.ts';

async function timeToSetupPage(dir: string, dataDir: string): Promise<{ ms: number; child: ChildProcess }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(dir, 'bin', 'granary.mjs'), 'serve', '--build-web'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: '',
      LOG_FORMAT: 'pretty',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (performance.now() - t0 > 300_000) throw new Error('no setup page within 5 minutes');
    try {
      const [page, setup] = await Promise.all([fetch(`${url}/setup`), fetch(`${url}/api/v1/setup`)]);
      const html = await page.text();
      const state = (await setup.json()) as { needed?: boolean };
      if (page.ok && html.includes('id="root"') && state.needed === true)
        return { ms: Math.round(performance.now() - t0), child };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stop = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

const clone = join(tempDir('granary-bench-clone-'), 'granary');
execFileSync('git', ['clone', '--quiet', root, clone]);
execFileSync('cp', ['-al', join(root, 'node_modules'), join(clone, 'node_modules')]);
const dataDir = join(clone, 'data');
const first = await timeToSetupPage(clone, dataDir);
await stop(first.child);
const second = await timeToSetupPage(clone, dataDir);
await stop(second.child);
execFileSync('rm', ['-rf', join(clone, '..')]);
console.log(
  JSON.stringify({
    bench: 'first-start',
    machine: machine(),
    firstStartToSetupPageMs: first.ms,
    secondStartMs: second.ms,
    targetMs: 30_000,
  }),
);
