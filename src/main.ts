import { relative } from 'node:path';
import type { Config } from './config.ts';
import { outboxMailer } from './core/mail/mailer.ts';
import { smtpTransport } from './core/mail/outbox.ts';
import { type Database, openDatabase } from './db/client.ts';
import { updateDataDirLock } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import type { App } from './http/types.ts';
import { createLogger } from './logger.ts';
import { MODULES } from './modules/index.ts';
import { moduleEngine } from './modules/install.ts';
import { needsSetup } from './modules/tenants/service.ts';

export interface Running {
  app: App;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Process entry: config → database → migrations → HTTP. */
export async function startServer(config: Config, opts: { webDir?: string; quiet?: boolean } = {}): Promise<Running> {
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    holder: 'serve',
    poolSize: config.databasePoolSize,
  });
  await migrate(database);
  // The engine runs the modules' jobs and schedules, delivers the event outbox and sends the mail outbox.
  const engine = moduleEngine(database, MODULES, logger, {
    mail: config.smtpUrl ? { transport: smtpTransport(config.smtpUrl), from: config.smtpFrom } : undefined,
  });
  const app = await buildApp({
    database,
    config,
    mailer: outboxMailer(database.db, !!config.smtpUrl),
    engine,
    logger,
    webDir: opts.webDir,
  });
  await engine.start();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  // A CLI command refused the data dir names this address (and `granary demo` goes through it).
  if (database.kind === 'pglite') updateDataDirLock(config.dataDir, { url });
  if (!opts.quiet) {
    const embedded = database.kind === 'pglite';
    const where = embedded ? `the embedded database in ${shortPath(config.dataDir)}` : 'server PostgreSQL';
    const lines = [`Granary is serving ${url} on ${where}.`];
    // On the embedded database no second process may open it, so the first run is done in the browser.
    if (await needsSetup(database.db))
      lines.push(
        embedded
          ? `First run: open ${url}/ to create your business, or choose "explore with demo data" there.`
          : `First run: open ${url}/ to create your business (or: granary setup …, granary demo).`,
      );
    if (config.logFormat === 'pretty')
      lines.push('Warnings and errors show here; LOG_FORMAT=json logs every request. Stop with Ctrl+C.');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return {
    app,
    database,
    url,
    stop: async () => {
      await app.close();
      await engine.stop();
      await database.close();
    },
  };
}

function shortPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? `./${rel}` : dir;
}
