import { sql } from 'drizzle-orm';
import type { TenantZones } from '../../core/jobs/tick.ts';
import { type Db, rows } from '../../db/client.ts';

/** The job engine's view of tenants: which time zones exist, and who lives in each (schedules fan out by it). */
export function tenantZones(db: Db): TenantZones {
  return {
    zones: async () =>
      (await rows<{ timezone: string }>(db, sql`select distinct timezone from tenants`)).map((r) => r.timezone),
    tenantsIn: async (zone, at) =>
      (
        await rows<{ id: string }>(
          db,
          sql`select id from tenants where timezone = ${zone} and created_at <= ${at.toISOString()}::timestamptz
              order by id`,
        )
      ).map((r) => r.id),
  };
}
