import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../../test/global-setup.ts';
import { Client, DB_KINDS, describeApi, json, MemoryMailer, SECRET } from '../../../test/harness.ts';
import { type Database, openDatabase, rows } from '../../db/client.ts';
import { newId } from '../../db/columns.ts';
import { migrate } from '../../db/migrate.ts';
import { buildApp } from '../../http/app.ts';
import { migrationsDir } from '../../paths.ts';
import { newSecret, parseSessionCookie, sha256, tenantFromKey, tenantKey } from './secrets.ts';

const cookieValue = (c: Client) => c.auth.cookie!.slice('granary_session='.length);

/** What a refused request tells the caller, without the parts that differ per request. */
const refusal = (r: { statusCode: number; json(): unknown }) => {
  const { status, code, detail } = r.json() as Record<string, unknown>;
  return { statusCode: r.statusCode, status, code, detail };
};

describeApi('secrets name their tenant (Citus: looked up by tenant_id and hash)', (h) => {
  it('a new API token, session cookie and one-time link carry their tenant and work', async () => {
    const { owner, tenantId } = await h().tenant();
    const { token } = json<{ token: string }>(await owner.post('/api/v1/tokens', { name: 'erp' }));
    expect(token).toMatch(/^gra_[\w-]{43}_[\w-]{22}$/);
    expect(tenantFromKey(token.slice(-22))).toBe(tenantId);
    expect((await new Client(h().app, { bearer: token }).get('/api/v1/me')).statusCode).toBe(200);

    const cookie = parseSessionCookie(cookieValue(owner));
    expect(cookie?.tenantId).toBe(tenantId);
    expect((await owner.get('/api/v1/me')).statusCode).toBe(200);

    const r = await owner.post('/api/v1/users', {
      email: `i${newId()}@example.com`,
      name: 'I',
      role: 'sales',
      invite: true,
    });
    const link = new URL(json<{ inviteUrl: string }>(r).inviteUrl).searchParams.get('token')!;
    expect(link).toMatch(/^inv_[\w-]{43}_[\w-]{22}$/);
    expect(tenantFromKey(link.slice(-22))).toBe(tenantId);
    const legacy = await rows<{ n: number }>(
      h().database.db,
      sql`select (select count(*) from sessions where legacy_format) + (select count(*) from api_tokens where legacy_format)
        + (select count(*) from user_tokens where legacy_format) as n`,
    );
    expect(Number(legacy[0].n)).toBe(0);
    expect(
      (await h().anon.post('/api/v1/auth/password-reset/confirm', { token: link, password: 'invited-password-1' }))
        .statusCode,
    ).toBe(204);
  });

  it('a token, cookie or link naming another tenant, or with its tenant cut off, is refused like an unknown one', async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const { token } = json<{ token: string }>(await a.owner.post('/api/v1/tokens', { name: 'erp' }));
    const bearer = (t: string) => new Client(h().app, { bearer: t }).get('/api/v1/me');
    const unknown = refusal(await bearer(newSecret('gra_')));
    expect(unknown.statusCode).toBe(401);
    expect(refusal(await bearer(`${token.slice(0, -22)}${tenantKey(b.tenantId)}`))).toEqual(unknown);
    expect(refusal(await bearer(token.slice(0, -23)))).toEqual(unknown); // legacy shape, but not a legacy row
    expect(refusal(await bearer(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`))).toEqual(unknown);
    expect((await bearer(token)).statusCode).toBe(200);

    const c = parseSessionCookie(cookieValue(a.owner))!;
    const me = (v: string) => new Client(h().app, { cookie: `granary_session=${v}` }).get('/api/v1/me');
    const noSession = refusal(await me(`${newId()}.${newSecret()}.${tenantKey(a.tenantId)}`));
    expect(noSession.statusCode).toBe(401);
    expect(refusal(await me(`${c.sessionId}.${c.secret}.${tenantKey(b.tenantId)}`))).toEqual(noSession);
    expect(refusal(await me(`${c.sessionId}.${c.secret}`))).toEqual(noSession); // a new session has no hash-only path
    expect(refusal(await me(`${c.sessionId}.${c.secret}.not-a-tenant`))).toEqual(noSession);
    expect((await me(cookieValue(a.owner))).statusCode).toBe(200);

    const r = await a.owner.post('/api/v1/users', {
      email: `i${newId()}@example.com`,
      name: 'I',
      role: 'sales',
      invite: true,
    });
    const link = new URL(json<{ inviteUrl: string }>(r).inviteUrl).searchParams.get('token')!;
    const confirm = (t: string) =>
      h().anon.post('/api/v1/auth/password-reset/confirm', { token: t, password: 'invited-password-1' });
    const invalid = refusal(await confirm(newSecret('inv_')));
    expect(invalid.statusCode).toBe(422);
    expect(refusal(await confirm(`${link.slice(0, -22)}${tenantKey(b.tenantId)}`))).toEqual(invalid);
    expect(refusal(await confirm(link.slice(0, -23)))).toEqual(invalid);
    expect((await confirm(link)).statusCode).toBe(204);
  });

  it('a token, cookie and link issued before secrets named their tenant keep working, and end as before', async () => {
    const { owner } = await h().tenant();
    const db = h().database.db;
    // Turn freshly issued rows into what migration 0008 made of earlier ones: the old secret's hash, legacy_format.
    const made = json<{ token: string; id: string }>(await owner.post('/api/v1/tokens', { name: 'old erp' }));
    const oldToken = made.token.slice(0, -23);
    await db.execute(
      sql`update api_tokens set token_hash = ${sha256(oldToken)}, legacy_format = true where id = ${made.id}`,
    );
    const bot = new Client(h().app, { bearer: oldToken });
    expect(json<{ via: string }>(await bot.get('/api/v1/me')).via).toBe('token');
    expect((await new Client(h().app, { bearer: made.token }).get('/api/v1/me')).statusCode).toBe(401);

    const c = parseSessionCookie(cookieValue(owner))!;
    await db.execute(sql`update sessions set legacy_format = true where id = ${c.sessionId}`);
    const browser = new Client(h().app, {
      cookie: `granary_session=${c.sessionId}.${c.secret}`,
      csrf: owner.auth.csrf,
    });
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    expect((await browser.patch('/api/v1/tenant', { name: 'Still signed in' })).statusCode).toBe(200);

    const r = await owner.post('/api/v1/users', {
      email: `i${newId()}@example.com`,
      name: 'I',
      role: 'sales',
      invite: true,
    });
    const invited = json<{ id: string; email: string }>(r);
    const link = new URL(json<{ inviteUrl: string }>(r).inviteUrl).searchParams.get('token')!;
    const oldLink = link.slice(0, -23);
    await db.execute(
      sql`update user_tokens set token_hash = ${sha256(oldLink)}, legacy_format = true where token_hash = ${sha256(link)}`,
    );
    const confirm = (t: string) =>
      h().anon.post('/api/v1/auth/password-reset/confirm', { token: t, password: 'invited-password-1' });
    expect((await confirm(oldLink)).statusCode).toBe(204);
    expect((await confirm(oldLink)).statusCode).toBe(422); // still once only
    await h().signIn(invited.email, 'invited-password-1');

    expect((await owner.delete(`/api/v1/tokens/${made.id}`)).statusCode).toBe(204);
    expect((await bot.get('/api/v1/me')).statusCode).toBe(401);
    expect((await browser.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
  });
});

/** A database migrated only up to `last` (a migration tag), as an installation of that version left it. */
async function databaseAt(kind: 'pglite' | 'postgres', last: string): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'granary-migrations-'));
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8'));
  const upTo = journal.entries.findIndex((e: { tag: string }) => e.tag === last);
  journal.entries = journal.entries.slice(0, upTo + 1);
  cpSync(migrationsDir, dir, { recursive: true });
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  let database: Database;
  if (kind === 'pglite') {
    database = await openDatabase({});
  } else {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `granary_t_upgrade_${process.pid}_${Date.now() % 100000}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 });
    const close = database.close;
    database.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  // biome-ignore lint/suspicious/noExplicitAny: the migrator wants its driver's own database type
  const db = database.db as any;
  await (kind === 'pglite' ? migratePglite(db, { migrationsFolder: dir }) : migratePg(db, { migrationsFolder: dir }));
  rmSync(dir, { recursive: true });
  return database;
}

for (const kind of DB_KINDS) {
  describe(`upgrading to secrets that name their tenant [${kind}]`, () => {
    let database: Database | undefined;
    afterAll(async () => database?.close());

    it('keeps the sessions, API tokens and one-time links issued before migration 0008', async () => {
      database = await databaseAt(kind, '0007_live_customers_index');
      const db = database.db;
      const tenantId = newId();
      const userId = newId();
      const sessionId = newId();
      const cookieSecret = newSecret();
      const token = newSecret('gra_');
      const link = newSecret('rst_');
      const inHours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
      // Written as version 0007 wrote them (its columns, its secret formats).
      await db.execute(sql`insert into tenants (id, name, slug, currency, timezone, phone_region, locale)
        values (${tenantId}, 'Old shop', ${`old-${tenantId.slice(-6)}`}, 'CNY', 'Asia/Shanghai', 'CN', 'zh-CN')`);
      await db.execute(sql`insert into users (tenant_id, id, email, name, role)
        values (${tenantId}, ${userId}, ${`old${tenantId.slice(-6)}@example.com`}, 'Old owner', 'owner')`);
      await db.execute(sql`insert into sessions (tenant_id, id, user_id, token_hash, expires_at)
        values (${tenantId}, ${sessionId}, ${userId}, ${sha256(cookieSecret)}, ${inHours(24)})`);
      await db.execute(sql`insert into api_tokens (tenant_id, id, user_id, name, role, prefix, token_hash)
        values (${tenantId}, ${newId()}, ${userId}, 'old erp', 'sales', ${token.slice(0, 10)}, ${sha256(token)})`);
      await db.execute(sql`insert into user_tokens (tenant_id, id, user_id, purpose, token_hash, expires_at)
        values (${tenantId}, ${newId()}, ${userId}, 'reset', ${sha256(link)}, ${inHours(2)})`);

      await migrate(database);
      const app = await buildApp({
        database,
        config: { sessionSecret: SECRET, trustProxy: false },
        mailer: new MemoryMailer(),
        logger: false,
      });
      try {
        await app.ready();
        const browser = new Client(app, { cookie: `granary_session=${sessionId}.${cookieSecret}` });
        expect(json<{ via: string }>(await browser.get('/api/v1/me')).via).toBe('session');
        const bot = new Client(app, { bearer: token });
        expect(json<{ via: string }>(await bot.get('/api/v1/me')).via).toBe('token');
        const anon = new Client(app);
        const confirmed = await anon.post('/api/v1/auth/password-reset/confirm', {
          token: link,
          password: 'after-the-upgrade',
        });
        expect(confirmed.statusCode).toBe(204);
        expect((await browser.get('/api/v1/me')).statusCode).toBe(401); // a reset signs out, as before
        const login = await anon.post('/api/v1/auth/login', {
          email: `old${tenantId.slice(-6)}@example.com`,
          password: 'after-the-upgrade',
        });
        expect(login.statusCode).toBe(200);
        const fresh = String(login.headers['set-cookie']).split(';')[0].slice('granary_session='.length);
        expect(parseSessionCookie(fresh)?.tenantId).toBe(tenantId);
      } finally {
        await app.close();
      }
    }, 60_000);
  });
}
