// Mixed traffic under concurrency (issue 9): searches drawn from real names, initials and phone fragments, file
// reads, new customers and diary entries, at 50 and 200 connections, with per-kind req/s, p50/p99 and errors, and a
// bare Fastify hello-world driven by the same client in the same run.
// BENCH_DB=server (default) | embedded; BENCH_CUSTOMERS (20000); BENCH_SECONDS per phase (30); BENCH_CONNS (50,200);
// BENCH_KEEP=1 keeps the loaded server database for the next BENCH_KEEP=1 run (not for published figures).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase, granary, machine, signIn, spawnGranary, spawnHello, tempDir } from './_server.ts';

const kind = process.env.BENCH_DB === 'embedded' ? 'embedded' : 'server';
const customers = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const conns = (process.env.BENCH_CONNS ?? '50,200').split(',').map(Number);
const only = process.env.BENCH_ONLY; // e.g. "search" to drive one kind alone

const keep = kind === 'server' && process.env.BENCH_KEEP === '1';
const keptDemo = join(tmpdir(), `granary-bench-load-${customers}.json`);
const reuse = keep && existsSync(keptDemo);
const db = kind === 'server' ? await benchDatabase(`granary_bench_load_${customers}`, { reuse }) : undefined;
const env: Record<string, string> = {
  DATA_DIR: tempDir('granary-bench-load-'),
  ...(db ? { DATABASE_URL: db.url } : {}),
};

type Kind = 'search' | 'file' | 'create' | 'diary' | 'hello';
interface Req {
  kind: Kind;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** N keep-alive connections, each sending its next request as soon as the last is answered, for `secs`. */
async function drive(base: string, headers: Record<string, string>, n: number, secs: number, next: () => Req) {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: n });
  const lat = new Map<Kind, number[]>();
  const errors = new Map<string, number>();
  const until = performance.now() + secs * 1000;
  const one = (r: Req) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          agent,
          headers: { ...headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      if (r.body) req.write(r.body);
      req.end();
    });
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (performance.now() < until) {
        const r = next();
        const t0 = performance.now();
        const status = await one(r);
        const ms = performance.now() - t0;
        if (!lat.has(r.kind)) lat.set(r.kind, []);
        lat.get(r.kind)!.push(ms);
        if (status < 200 || status >= 300) {
          const k = `${r.kind}:${status}`;
          errors.set(k, (errors.get(k) ?? 0) + 1);
        }
      }
    }),
  );
  agent.destroy();
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
  };
  const all = [...lat.values()].flat();
  const perKind = Object.fromEntries(
    [...lat].map(([k, xs]) => [
      k,
      {
        rps: Math.round(xs.length / secs),
        p50: pct(xs, 50),
        p99: pct(xs, 99),
        max: Math.round(xs.reduce((a, b) => Math.max(a, b), 0)),
      },
    ]),
  );
  return {
    rps: Math.round(all.length / secs),
    p50: pct(all, 50),
    p99: pct(all, 99),
    max: Math.round(all.reduce((a, b) => Math.max(a, b), 0)),
    over1s: all.filter((x) => x > 1000).length,
    errors: Object.fromEntries(errors),
    perKind,
  };
}

try {
  const demo = reuse
    ? JSON.parse(readFileSync(keptDemo, 'utf8'))
    : JSON.parse(
        granary(
          ['demo', '--customers', String(customers), '--orders', String(customers * 3), '--seed', '2', '--json'],
          env,
        ),
      );
  if (!reuse && db) for (const step of ['vacuum (analyze)', 'checkpoint']) await db.query(step);
  if (keep && !reuse) writeFileSync(keptDemo, JSON.stringify(demo));
  const server = await spawnGranary(env);
  const hello = await spawnHello();
  try {
    const auth = await signIn(server.url, demo.email, demo.password);
    const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: auth })).json();
    const sample = (await get('/api/v1/customers?limit=200&sort=total_spend')).data as {
      id: string;
      name: string;
      reading: string | null;
      primaryPhone: string | null;
    }[];
    const persons = sample.filter((c) => [...c.name].length >= 2 && c.reading);
    // What people type: a surname + given name pair, the given name alone, initials, a phone's last digits.
    const terms = persons.flatMap((c) => {
      const chars = [...c.name];
      const initials = (c.reading ?? '')
        .split(' ')
        .map((s) => s[0])
        .join('');
      const phone = (c.primaryPhone ?? '').replace(/\D/g, '');
      return [chars.slice(0, 2).join(''), chars.slice(-2).join(''), initials, ...(phone ? [phone.slice(-4)] : [])];
    });
    const ids = sample.map((c) => c.id);
    let i = 0;
    const mix: Kind[] = only ? [only as Kind] : ['search', 'file', 'search', 'file', 'create', 'diary'];
    const next = (): Req => {
      const n = i++;
      const k = mix[n % mix.length];
      if (k === 'search')
        return {
          kind: k,
          method: 'GET',
          path: `/api/v1/customers?limit=20&q=${encodeURIComponent(terms[n % terms.length])}`,
        };
      if (k === 'file') return { kind: k, method: 'GET', path: `/api/v1/customers/${ids[n % ids.length]}` };
      if (k === 'create')
        return {
          kind: k,
          method: 'POST',
          path: '/api/v1/customers',
          body: JSON.stringify({ kind: 'person', name: `压测${n}`, notes: 'load test' }),
        };
      return {
        kind: 'diary',
        method: 'POST',
        path: '/api/v1/interactions',
        body: JSON.stringify({ customerId: ids[n % ids.length], type: 'call', summary: `load test call ${n}` }),
      };
    };
    const helloNext = (): Req => ({ kind: 'hello', method: 'GET', path: '/hello' });
    await drive(hello.url, {}, 50, 2, helloNext); // warm-up both
    await drive(server.url, auth, 50, 2, next);
    const phases: Record<string, unknown> = {};
    for (const n of conns) {
      const base = await drive(hello.url, {}, n, Math.min(10, seconds), helloNext);
      const mixed = await drive(server.url, auth, n, seconds, next);
      phases[`c${n}`] = { helloRps: base.rps, helloP99: base.p99, ...mixed };
    }
    console.log(
      JSON.stringify({
        bench: 'load',
        db: kind,
        machine: machine(),
        customers: demo.customers,
        seconds,
        mix: mix.join('/'),
        phases,
      }),
    );
  } finally {
    await server.stop();
    await hello.stop();
  }
} finally {
  if (db && !keep) await db.drop();
}
