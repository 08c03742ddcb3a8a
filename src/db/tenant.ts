import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';
import { APP_ROLE } from './security.ts';

/**
 * The one way business code touches tenant data: a transaction that names the tenant and drops to the
 * non-owner app role, so row-level security holds even if a query forgets its tenant filter.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`);
    return fn(tx);
  });
}
