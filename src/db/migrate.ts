import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrationsDir } from '../paths.ts';
import type { Database } from './client.ts';
import { applyRowLevelSecurity } from './security.ts';

const migrationsFolder = migrationsDir;

/** Applies pending SQL migrations (idempotent) and then the RLS policies. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder };
  if (database.kind === 'postgres') {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants its driver's own database type
    await migratePg(database.db as any, config);
  } else {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants its driver's own database type
    await migratePglite(database.db as any, config);
  }
  await applyRowLevelSecurity(database.db);
}
