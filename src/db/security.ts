import { sql } from 'drizzle-orm';
import { type Db, rows } from './client.ts';

export const APP_ROLE = 'granary_app';

/** Tables the app role may only read and append to. */
const APPEND_ONLY = new Set(['audit_log']);

/**
 * Row-level security as a second wall behind the services' own tenant filters. Runs after every migration,
 * so a new tenant table is covered without anyone remembering to write its policy.
 */
export async function applyRowLevelSecurity(db: Db): Promise<void> {
  await db.execute(
    sql.raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`),
  );
  await db.execute(sql.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`));
  const tables = await rows<{ table_name: string; has_policy: boolean }>(
    db,
    sql`
    select c.table_name,
           exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name
                   and p.policyname = 'tenant_isolation') as has_policy
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.column_name = 'tenant_id' or c.table_name = 'tenants')
    group by c.table_name`,
  );
  for (const row of tables) {
    const table = row.table_name;
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const grants = APPEND_ONLY.has(table) ? 'SELECT, INSERT' : 'SELECT, INSERT, UPDATE, DELETE';
    await db.execute(sql.raw(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`));
    await db.execute(sql.raw(`REVOKE ALL ON "${table}" FROM ${APP_ROLE}`));
    await db.execute(sql.raw(`GRANT ${grants} ON "${table}" TO ${APP_ROLE}`));
    if (!row.has_policy) {
      await db.execute(
        sql.raw(`CREATE POLICY tenant_isolation ON "${table}"
          USING (${column} = nullif(current_setting('app.tenant_id', true), '')::uuid)
          WITH CHECK (${column} = nullif(current_setting('app.tenant_id', true), '')::uuid)`),
      );
    }
  }
}
