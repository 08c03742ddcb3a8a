import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryMailer, SECRET } from '../../test/harness.ts';
import { buildApp } from '../http/app.ts';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

/** A TCP pass-through we can cut and restore, standing in for a database that goes away and comes back. */
function proxy(targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server!.close(() => r()));
  };
  return {
    start,
    cut,
    get port() {
      return port;
    },
  };
}

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('server PostgreSQL lost while running [postgres]', () => {
  const p = proxy(Number(new URL(url ?? 'postgres://x:5432').port || 5432));
  let close: () => Promise<void> = async () => {};
  afterAll(() => close());

  it('answers 503 problem+json while the database is gone and recovers by itself', async () => {
    await p.start();
    const name = `granary_reconnect_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url!);
    u.host = `127.0.0.1:${p.port}`;
    u.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 2 });
    await migrate(database);
    const app = await buildApp({
      database,
      config: { sessionSecret: SECRET, trustProxy: false },
      mailer: new MemoryMailer(),
      logger: false,
    });
    close = async () => {
      await app.close();
      await database.close().catch(() => {});
      await p.cut().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).statusCode).toBe(200);
    await p.cut();
    const down = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.json().code).toBe('database_unavailable');
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    await p.start();
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await app.inject({ method: 'GET', url: '/api/v1/setup' })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
