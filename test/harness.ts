import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Engine } from '../src/core/jobs/engine.ts';
import type { Mail, Mailer } from '../src/core/mail/mailer.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import type { App, RoutePlugin } from '../src/http/types.ts';
import { withDatabase } from './global-setup.ts';

export type DbKind = 'pglite' | 'postgres';

/** The database kinds this run covers: embedded always, server PostgreSQL when TEST_DATABASE_URL is set. */
export const DB_KINDS: DbKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let counter = 0;

/** A fresh, migrated database of its own for one suite. */
export async function openTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') {
    const file = inject('pgliteTemplate');
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]), extensions: { pg_trgm } });
    return openDatabase({ pglite });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('pgTemplate')!;
  const name = `granary_t_${template.split('_').pop()}_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 5 });
  const close = database.close;
  database.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return database;
}

export const SECRET = 'test-secret-test-secret-test-secret-0123456789';

export class MemoryMailer implements Mailer {
  readonly enabled = true;
  readonly sent: Mail[] = [];
  async send(mail: Mail) {
    this.sent.push(mail);
  }
}

/** An HTTP client bound to one signed-in user (cookie + CSRF) or API token. */
export class Client {
  constructor(
    readonly app: App,
    readonly auth: { cookie?: string; csrf?: string; bearer?: string } = {},
    readonly info: { userId?: string; tenantId?: string; email?: string } = {},
  ) {}
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.csrf && method !== 'GET') h['x-csrf-token'] = this.auth.csrf;
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    return this.app.inject({
      method,
      url,
      headers: h,
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export const json = <T = Record<string, unknown>>(r: LightMyRequestResponse): T => r.json() as T;

export interface Harness {
  kind: DbKind;
  app: App;
  database: Database;
  mailer: MemoryMailer;
  anon: Client;
  /** Creates a tenant through the CLI path (several per suite allowed) and signs its owner in. */
  tenant(opts?: {
    name?: string;
    locale?: 'zh-CN' | 'ja' | 'en';
    region?: string;
    currency?: string;
  }): Promise<{ tenantId: string; slug: string; owner: Client }>;
  /** Adds a user with a role (optionally in an org unit) and signs them in. */
  user(
    admin: Client,
    role: 'owner' | 'admin' | 'manager' | 'sales' | 'service',
    orgUnitId?: string | null,
  ): Promise<Client>;
  signIn(email: string, password: string, tenant?: string): Promise<Client>;
}

export const PASSWORD = 'correct-horse-battery';
let seq = 0;

/**
 * Runs the suite once per database kind, each on its own fresh database, with the real HTTP app.
 * `extraRoutes` lets a module under test add routes the app does not register yet.
 */
export function describeApi(
  name: string,
  fn: (h: () => Harness) => void,
  extraRoutes: RoutePlugin[] = [],
  /** A job engine for the app (the jobs routes cancel and retry through it); stopped after the suite. */
  withEngine?: (database: Database) => Engine,
): void {
  for (const kind of DB_KINDS) {
    describe(`${name} [${kind}]`, () => {
      let h: Harness;
      let engine: Engine | undefined;
      beforeAll(async () => {
        const database = await openTestDatabase(kind);
        const mailer = new MemoryMailer();
        engine = withEngine?.(database);
        const app = await buildApp({
          database,
          config: { sessionSecret: SECRET, trustProxy: false },
          mailer,
          engine,
          logger: false,
          extraRoutes,
        });
        await app.ready();
        await engine?.start();
        const anon = new Client(app);
        const signIn = async (email: string, password: string, tenant?: string) => {
          const r = await anon.post('/api/v1/auth/login', { email, password, tenant });
          if (r.statusCode !== 200) throw new Error(`login failed ${r.statusCode} ${r.body}`);
          const cookie = String(r.headers['set-cookie']).split(';')[0];
          const me = r.json();
          return new Client(app, { cookie, csrf: me.csrfToken }, { userId: me.user.id, tenantId: me.tenant.id, email });
        };
        const { createTenant } = await import('../src/modules/tenants/service.ts');
        h = {
          kind,
          app,
          database,
          mailer,
          anon,
          signIn,
          tenant: async (o = {}) => {
            const n = ++seq;
            const email = `owner${n}@t${n}.example.com`;
            const { tenant } = await createTenant(
              database.db,
              {
                tenant: {
                  name: o.name ?? `Tenant ${n}`,
                  locale: o.locale ?? 'zh-CN',
                  region: o.region,
                  currency: o.currency,
                },
                owner: { name: `Owner ${n}`, email, password: PASSWORD },
              },
              false,
            );
            return { tenantId: tenant.id, slug: tenant.slug, owner: await signIn(email, PASSWORD, tenant.slug) };
          },
          user: async (admin, role, orgUnitId) => {
            const n = ++seq;
            const email = `${role}${n}@example.com`;
            const r = await admin.post('/api/v1/users', {
              email,
              name: `${role} ${n}`,
              role,
              password: PASSWORD,
              orgUnitId: orgUnitId ?? null,
            });
            if (r.statusCode !== 201) throw new Error(`add user failed ${r.statusCode} ${r.body}`);
            return signIn(email, PASSWORD);
          },
        };
      });
      afterAll(async () => {
        await h?.app.close();
        await engine?.stop();
        await h?.database.close();
      });
      fn(() => h);
    });
  }
}
