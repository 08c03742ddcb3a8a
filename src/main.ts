import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { updateDataDirLock } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { type App, buildApp } from './http/app.ts';
import { createMailer } from './http/mailer.ts';
import { createLogger } from './logger.ts';
import { needsSetup } from './modules/tenants/service.ts';

export interface Running {
  app: App;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Process entry: config → database → migrations → HTTP. */
export async function startServer(config: Config, opts: { webDir?: string; quiet?: boolean } = {}): Promise<Running> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder: 'serve' });
  await migrate(database);
  const app = await buildApp({
    database,
    config,
    mailer: createMailer(config.smtpUrl, config.smtpFrom),
    logger,
    webDir: opts.webDir,
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  // A CLI command refused the data dir names this address (and `granary demo` goes through it).
  if (database.kind === 'pglite') updateDataDirLock(config.dataDir, { url });
  if (!opts.quiet) {
    const where = database.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'server PostgreSQL';
    process.stdout.write(`Granary is serving ${url} on ${where}\n`);
    if (await needsSetup(database.db))
      process.stdout.write(
        `First run: open ${url}/ to create your business and owner account,\n  or run: granary setup --tenant NAME --email E --password P   (or: granary demo)\n`,
      );
  }
  return {
    app,
    database,
    url,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}
