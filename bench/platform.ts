// Platform figures (issue 2): bare Fastify vs authenticated GET /api/v1/me in the same run, on embedded and server
// PostgreSQL; cold start on a new and an existing data dir; idle RSS.
import { benchDatabase, granary, load, machine, signIn, spawnGranary, spawnHello, tempDir } from './_server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const withServer = process.env.BENCH_SKIP_SERVER !== '1';

async function measure(kind: 'embedded' | 'server') {
  const dataDir = tempDir('granary-bench-');
  const db = kind === 'server' ? await benchDatabase('granary_bench_platform') : undefined;
  // The settings a newcomer gets at a terminal: no LOG_LEVEL, short lines (what `npm start` does there).
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: '',
    LOG_FORMAT: 'pretty',
    ...(db ? { DATABASE_URL: db.url } : {}),
  };
  try {
    const coldNew = await spawnGranary(env);
    const idleFresh = await settle(coldNew);
    await coldNew.stop();
    granary(['setup', '--tenant', 'Bench', '--email', 'bench@example.com', '--password', 'bench-password-1'], env);
    const server = await spawnGranary(env);
    const coldExisting = server.startMs;
    const hello = await spawnHello();
    try {
      const auth = await signIn(server.url, 'bench@example.com', 'bench-password-1');
      await load(`${hello.url}/hello`, {}, 2); // warm-up
      await load(`${server.url}/api/v1/me`, auth, 2);
      const base = await load(`${hello.url}/hello`, {}, seconds);
      const me = await load(`${server.url}/api/v1/me`, auth, seconds);
      const idleRss = await settle(server);
      return {
        kind,
        helloRps: base.rps,
        meRps: me.rps,
        ratio: Number((me.rps / base.rps).toFixed(3)),
        meP99Ms: me.p99,
        coldStartNewMs: Math.round(coldNew.startMs),
        coldStartExistingMs: Math.round(coldExisting),
        idleRssMbFresh: Math.round(idleFresh),
        idleRssMbAfterLoad: Math.round(idleRss),
      };
    } finally {
      await hello.stop();
      await server.stop();
    }
  } finally {
    await db?.drop();
  }
}

async function settle(s: { rssMb(): number }) {
  await new Promise((r) => setTimeout(r, 3000));
  return s.rssMb();
}

const results = [await measure('embedded')];
if (withServer) results.push(await measure('server'));
console.log(JSON.stringify({ bench: 'platform', machine: machine(), seconds, results }));
