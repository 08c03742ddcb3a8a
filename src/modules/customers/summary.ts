import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';

/**
 * A customer's primary phone, email and city as its list row shows them, kept on the customer row: the first of
 * its channels or addresses of that kind, primary first, then the oldest (the choice migration 0006 made for the
 * customers that existed). Called by every write that moves or replaces channels or addresses (a save, a merge
 * and its undo); a save that knows what it wrote passes the values instead (`summaryOf`).
 */
export async function refreshSummaryColumns(tx: Tx, tenantId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const first = (table: string, column: string, kind?: string) =>
    sql.raw(
      `(select x.${column} from ${table} x where x.tenant_id = c.tenant_id and x.customer_id = c.id` +
        `${kind ? ` and x.kind = '${kind}'` : ''} order by x.is_primary desc, x.created_at, x.id limit 1)`,
    );
  await tx.execute(sql`update customers c set
      primary_phone = ${first('customer_channels', 'value', 'phone')},
      primary_email = ${first('customer_channels', 'value', 'email')},
      city = ${first('customer_addresses', 'city')}
    where c.tenant_id = ${tenantId} and c.id = any(${sql.param(ids)}::uuid[])`);
}

/** The same three values from channels and addresses about to be written, in the order they will be written. */
export function summaryOf(
  channels: { kind: string; value: string; isPrimary?: boolean | null }[] | undefined,
  addresses: { city?: string | null; isPrimary?: boolean | null }[] | undefined,
): { primaryPhone?: string | null; primaryEmail?: string | null; city?: string | null } {
  const first = <T extends { isPrimary?: boolean | null }>(list: T[]) => list.find((x) => x.isPrimary) ?? list[0];
  return {
    ...(channels
      ? {
          primaryPhone: first(channels.filter((c) => c.kind === 'phone'))?.value ?? null,
          primaryEmail: first(channels.filter((c) => c.kind === 'email'))?.value ?? null,
        }
      : {}),
    ...(addresses ? { city: first(addresses)?.city ?? null } : {}),
  };
}
