import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { systemClock } from './core/clock.ts';
import { makeCtx, systemCtx } from './core/context.ts';
import { DomainError } from './core/errors.ts';
import { followRun } from './core/jobs/follow.ts';
import { type Actor, ROLES, type Role } from './core/policy.ts';
import { type Database, DatabaseUnavailable, openDatabase } from './db/client.ts';
import { DataDirLocked } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { transaction } from './db/tenant.ts';
import { createLogger } from './logger.ts';
import { startServer } from './main.ts';
import { createToken } from './modules/auth/service.ts';
import { MODULES } from './modules/index.ts';
import { installModules, moduleEngine } from './modules/install.ts';
import { recomputeFigures } from './modules/orders/recompute.ts';
import { LOCALES, type Locale } from './modules/tenants/rules.ts';
import { createTenant, findTenant, listTenants, type Tenant } from './modules/tenants/service.ts';
import { MIN_PASSWORD } from './modules/users/rules.ts';
import { users } from './modules/users/schema.ts';
import { addUser, hashPassword, loadReach, updateUser } from './modules/users/service.ts';
import { ensureWebBuild, webDistDir } from './web-build.ts';

type Flags = Record<string, string | boolean | undefined>;
interface Command {
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(flags: Flags, config: Config): Promise<number | undefined>;
}

const commands: Record<string, Command> = {
  serve: {
    usage: 'granary serve [--port N] [--host H] [--build-web]',
    summary: 'Serve the API and web app (migrates first)',
    options: { port: { type: 'string' }, host: { type: 'string' }, 'build-web': { type: 'boolean' } },
    run: async (f, config) => {
      if (f['build-web']) await ensureWebBuild();
      const running = await startServer(
        { ...config, port: f.port ? Number(f.port) : config.port, host: (f.host as string) ?? config.host },
        { webDir: webDistDir },
      );
      const stop = async () => {
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return undefined; // keep running
    },
  },
  migrate: {
    usage: 'granary migrate',
    summary: 'Apply pending database migrations (idempotent)',
    options: {},
    run: (_f, config) =>
      withDb(config, async () => {
        process.stdout.write('migrations applied\n');
      }),
  },
  setup: {
    usage:
      'granary setup --tenant NAME --email E --password P [--name OWNER] [--locale zh-CN|ja|en] [--currency CNY] [--timezone Asia/Shanghai] [--region CN]',
    summary: 'Create a tenant (business) and its owner',
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      currency: { type: 'string' },
      timezone: { type: 'string' },
      region: { type: 'string' },
    },
    run: (f, config) =>
      withDb(config, async (database) => {
        need(f, 'tenant', 'email', 'password');
        const locale = ((f.locale as string) ?? 'zh-CN') as Locale;
        if (!LOCALES.includes(locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`);
        const { tenantSchemaForCli } = await import('./cli-validate.ts');
        const input = tenantSchemaForCli.parse({
          tenant: { name: f.tenant, locale, currency: f.currency, timezone: f.timezone, region: f.region },
          owner: { name: f.name ?? String(f.email).split('@')[0], email: f.email, password: f.password },
        });
        const { tenant, owner } = await createTenant(database.db, input, false);
        process.stdout.write(
          `${JSON.stringify({ tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, owner: { id: owner.id, email: owner.email } })}\n`,
        );
      }),
  },
  token: {
    usage: 'granary token create --email E --name N [--role R] [--tenant ID|SLUG]',
    summary: 'Create an API token for a user and print it on stdout',
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      tenant: { type: 'string' },
    },
    run: (f, config) =>
      withDb(config, async (database) => {
        if (f._sub !== 'create') throw new UsageError('token: the subcommand is "create"');
        need(f, 'email', 'name');
        const role = f.role as Role | undefined;
        if (role && !ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const { tenant, user } = await findUser(database, f.email as string, f.tenant as string | undefined);
        const actor: Actor = {
          tenantId: tenant.id,
          userId: user.id,
          role: user.role,
          kind: 'user',
          name: `${user.name} (CLI)`,
        };
        const ctx = makeCtx(database.db, actor, 'cli', loadReach, systemClock);
        const t = await createToken(ctx, { name: f.name as string, role });
        process.stdout.write(`${t.token}\n`);
      }),
  },
  user: {
    usage:
      'granary user add --email E --name N --role R [--password P] [--tenant T]\n       granary user reset-password --email E [--password P] [--tenant T]\n       granary user deactivate --email E [--tenant T]',
    summary: 'Add a user, reset a password, deactivate a user',
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      tenant: { type: 'string' },
    },
    run: (f, config) =>
      withDb(config, async (database) => {
        need(f, 'email');
        const tenant = await pickTenant(database, f.tenant as string | undefined);
        const ctx = systemCtx(database.db, tenant.id, systemClock, 'CLI', await firstOwnerId(database, tenant));
        if (f._sub === 'add') {
          need(f, 'name', 'role');
          if (!ROLES.includes(f.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
          const password = (f.password as string) ?? generatedPassword();
          const u = await addUser(ctx, {
            email: f.email as string,
            name: f.name as string,
            role: f.role as Role,
            password,
          });
          process.stdout.write(
            `${JSON.stringify({ id: u.id, email: u.email, role: u.role, password: f.password ? undefined : password })}\n`,
          );
          return;
        }
        const { user } = await findUser(database, f.email as string, tenant.id);
        if (f._sub === 'reset-password') {
          const password = (f.password as string) ?? generatedPassword();
          if (password.length < MIN_PASSWORD)
            throw new UsageError(`--password must be at least ${MIN_PASSWORD} characters`);
          await ctx.tx(async (tx) => {
            await tx
              .update(users)
              .set({ passwordHash: await hashPassword(password), updatedAt: new Date() })
              .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
            const { record } = await import('./modules/audit/service.ts');
            await record(tx, ctx, { action: 'user.password_reset', entity: 'user', entityId: user.id });
          });
          process.stdout.write(f.password ? 'password changed\n' : `${password}\n`);
          return;
        }
        if (f._sub === 'deactivate') {
          await updateUser(ctx, user.id, { active: false });
          process.stdout.write(`deactivated ${user.email}\n`);
          return;
        }
        throw new UsageError('user: the subcommand is add, reset-password or deactivate');
      }),
  },
  demo: {
    usage: 'granary demo [--customers N] [--orders M] [--locale zh|ja|en] [--seed S] [--tenant NAME] [--json]',
    summary: 'Create a demo business with realistic customers, contacts and orders',
    options: {
      customers: { type: 'string' },
      orders: { type: 'string' },
      locale: { type: 'string' },
      seed: { type: 'string' },
      tenant: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: async (f, config) => {
      const customers = Number(f.customers ?? 2000);
      const orders = Number(f.orders ?? customers * 3);
      const seed = Number(f.seed ?? 42);
      const locale = (f.locale ?? 'zh') as 'zh' | 'ja' | 'en';
      if (!['zh', 'ja', 'en'].includes(locale)) throw new UsageError('--locale must be zh, ja or en');
      for (const [k, v] of Object.entries({ customers, orders, seed }))
        if (!Number.isInteger(v) || v < 0) throw new UsageError(`--${k} must be a whole number ≥ 0`);
      const { demoThroughServer, describeDemo } = await import('./modules/demo/cli.ts');
      const request = { customers, orders, locale, seed, tenantName: f.tenant as string | undefined };
      const onProgress = (done: number, total: number) => process.stderr.write(`\rcustomers ${done}/${total}`);
      const print = (result: object, text: string) => {
        process.stderr.write('\n');
        process.stdout.write(f.json ? `${JSON.stringify(result)}\n` : text);
      };
      // Beside a running server on the embedded database, the server loads it (a second process would destroy it).
      const served = await demoThroughServer(config, request, onProgress);
      if (served) {
        const { url, ...result } = served;
        print(result, describeDemo(result, url, true));
        return 0;
      }
      return withDb(config, async (database) => {
        const { createDemo } = await import('./modules/demo/service.ts');
        const result = await createDemo(database, { ...request, onProgress });
        const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
        print(result, describeDemo(result, `http://${host}:${config.port}`, false));
      });
    },
  },
  recompute: {
    usage: 'granary recompute [--tenant ID|SLUG]',
    summary: "Recompute every customer's purchase figures from the orders (progress on stderr)",
    options: { tenant: { type: 'string' } },
    run: (f, config) =>
      withDb(config, async (database) => {
        const tenant = await pickTenant(database, f.tenant as string | undefined);
        // This process runs the job itself (on server PostgreSQL a running server may take it instead); either
        // way the run's row is followed, so the progress is the same as GET /api/v1/jobs/:id.
        const engine = moduleEngine(database, MODULES, createLogger(config.logLevel, undefined, 'pretty'), {
          crons: [], // the server ticks the schedules
          tickSeconds: 3600,
          pollSeconds: 0.5,
        });
        await engine.start();
        try {
          const by = await firstOwnerId(database, tenant);
          const id = await transaction(database.db, (tx) =>
            engine.enqueue(tx, tenant.id, recomputeFigures.name, {}, by),
          );
          const run = await followRun(database.db, tenant.id, id, process.stderr);
          process.stdout.write(
            `${JSON.stringify({ job: id, state: run.state, result: run.result, error: run.lastError })}\n`,
          );
          return run.state === 'completed' ? 0 : 1;
        } finally {
          await engine.stop();
        }
      }),
  },
  tenant: {
    usage: 'granary tenant list',
    summary: 'List the tenants (businesses) in this database',
    options: {},
    run: (f, config) =>
      withDb(config, async (database) => {
        if (f._sub !== 'list') throw new UsageError('tenant: the subcommand is "list"');
        for (const t of await listTenants(database.db))
          process.stdout.write(`${t.id}\t${t.slug}\t${t.name}\t${t.currency}\t${t.timezone}\t${t.locale}\n`);
      }),
  },
};

class UsageError extends Error {}

function need(f: Flags, ...names: string[]): void {
  const missing = names.filter((n) => typeof f[n] !== 'string' || f[n] === '');
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
}

const generatedPassword = () => randomBytes(12).toString('base64url');

let commandName = 'cli';

async function withDb(config: Config, fn: (db: Database) => Promise<number | undefined | void>): Promise<number> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    holder: commandName,
  });
  try {
    await migrate(database);
    installModules(MODULES);
    return (await fn(database)) ?? 0;
  } finally {
    await database.close();
  }
}

async function pickTenant(database: Database, idOrSlug: string | undefined): Promise<Tenant> {
  if (idOrSlug) {
    const t = await findTenant(database.db, idOrSlug);
    if (!t) throw new UsageError(`no tenant "${idOrSlug}" (see: granary tenant list)`);
    return t;
  }
  const all = await listTenants(database.db);
  if (all.length === 0) throw new UsageError('no tenant yet: run granary setup first');
  if (all.length > 1) throw new UsageError('several tenants: name one with --tenant ID|SLUG');
  return all[0];
}

async function findUser(database: Database, email: string, tenantHint?: string) {
  const tenant = await pickTenant(database, tenantHint);
  const [user] = await database.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenant.id), sql`lower(${users.email}) = ${email.toLowerCase()}`));
  if (!user) throw new UsageError(`no user ${email} in ${tenant.slug}`);
  return { tenant, user };
}

/**
 * The CLI acts as the system with owner rights (systemCtx), recorded as such in the audit log, on behalf of the
 * business's first owner where a write needs a user.
 */
async function firstOwnerId(database: Database, tenant: Tenant): Promise<string | undefined> {
  const [owner] = await database.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenant.id), eq(users.role, 'owner')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return owner?.id;
}

/** Where in the web app a refused command's job is done, for the one line that says what to do instead. */
const IN_THE_WEB_APP: Record<string, string> = {
  setup: "or create the first business on the web app's setup page at URL/",
  demo: "or open URL/ and choose 'explore with demo data' on the setup page", // when the server did not answer
  user: 'or use the web app: Settings → Users',
  token: 'or use the web app: Settings → API tokens',
};

/** One line: who holds the embedded data dir and what to do. Two processes on it would destroy it (issue 10). */
function lockedMessage(name: string, err: DataDirLocked): string {
  const rel = relative(process.cwd(), err.dataDir);
  const dir = rel && !rel.startsWith('..') ? `./${rel}` : err.dataDir;
  const h = err.holder;
  if (h.kind !== 'serve')
    return `another granary ${h.kind} (pid ${h.pid}) is using ${dir}; wait for it to finish, then run this again.`;
  const url = h.url ?? 'the web app';
  const instead = IN_THE_WEB_APP[name]?.replace('URL', url);
  const at = h.url ? ` at ${h.url}` : '';
  return `Granary is running (pid ${h.pid})${at} and holds ${dir}. Stop it first (Ctrl+C in its terminal)${instead ? `, ${instead}` : ''}.`;
}

function help(): string {
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `Granary — customer files, membership and loyalty\n\nUsage: granary <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun granary <command> --help for a command's options. Configuration comes from the environment (see README).\n`;
}

export async function main(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`granary: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  let flags: Flags;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    flags = { ...parsed.values, _sub: parsed.positionals[0] } as Flags;
  } catch (err) {
    process.stderr.write(`granary ${name}: ${(err as Error).message}\nUsage: ${cmd.usage}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
    return 0;
  }
  commandName = name;
  try {
    const config = loadConfig();
    return await cmd.run(flags, config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`granary: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`granary ${name}: ${err.message}\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    if (err instanceof DataDirLocked) {
      process.stderr.write(`granary ${name}: ${lockedMessage(name, err)}\n`);
      return 1;
    }
    if (err instanceof DatabaseUnavailable) {
      process.stderr.write(
        `granary: cannot reach the database (${err.message.replace('database unavailable: ', '')}). Check DATABASE_URL.\n`,
      );
      return 1;
    }
    if (err instanceof DomainError) {
      const fields = err.errors.map((e) => ` ${e.path.replace(/^body\./, '')}: ${e.message}`).join(';');
      process.stderr.write(`granary ${name}: ${err.message}${fields}\n`);
      return 1;
    }
    if (err && typeof err === 'object' && 'issues' in err) {
      const issues = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues;
      process.stderr.write(`granary ${name}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
      return 2;
    }
    process.stderr.write(`granary ${name}: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exit(code);
