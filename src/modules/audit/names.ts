import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../db/client.ts';
import type { FieldChanges } from './schema.ts';

/** What an id in the audit log stands for, so the page can show a name (and a link) instead of a UUID. */
export interface AuditRef {
  kind: string;
  name: string;
  /** The customer the record belongs to (orders, tasks, interactions), for a link to its file. */
  customerId: string | null;
  /** Sale or return for orders, the type (call, visit…) for interactions. */
  subtype?: string;
  /** For orders: the total in minor units and its currency. */
  total?: number;
  currency?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDS = 1000;

/** Every UUID an entry mentions: its record, its actor and any id among the changed values (one level deep). */
export function idsOf(entries: { entityId: string | null; actorId: string | null; changes: FieldChanges | null }[]) {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number) => {
    if (typeof v === 'string') {
      if (UUID.test(v)) out.add(v.toLowerCase());
    } else if (Array.isArray(v)) {
      if (depth < 2) for (const x of v) visit(x, depth + 1);
    } else if (v && typeof v === 'object' && depth < 2) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  for (const e of entries) {
    if (e.entityId) out.add(e.entityId);
    if (e.actorId) out.add(e.actorId);
    for (const c of Object.values(e.changes ?? {})) {
      visit(c.from, 0);
      visit(c.to, 0);
    }
  }
  return [...out].slice(0, MAX_IDS);
}

/**
 * Names for the ids on one audit page, in one round trip. The audit log spans every module and is read only by
 * owners and admins (who see everything), so it looks the names up by table rather than through each module.
 * Merged-away and archived customers keep their names: the history must still read.
 */
export async function resolveRefs(tx: Tx, tenantId: string, ids: string[]): Promise<Record<string, AuditRef>> {
  if (ids.length === 0) return {};
  const list = sql`${`{${ids.join(',')}}`}::uuid[]`;
  const found = await rows<{
    kind: string;
    id: string;
    name: string;
    customer_id: string | null;
    order_kind: string | null;
    total: string | null;
    currency: string | null;
  }>(
    tx,
    sql`select 'customer' as kind, id::text, name, null::text as customer_id, null::text as order_kind,
               null::text as total, null::text as currency
          from customers where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'user', id::text, name, null, null, null, null from users where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'task', id::text, title, customer_id::text, null, null, null
          from tasks where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'order', o.id::text, c.name, o.customer_id::text, o.kind, o.total::text, o.currency
          from orders o join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
         where o.tenant_id = ${tenantId} and o.id = any(${list})
        union all
        select 'interaction', i.id::text, c.name, i.customer_id::text, i.type, null, null
          from interactions i join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
         where i.tenant_id = ${tenantId} and i.id = any(${list})
        union all
        select 'product', id::text, name, null, null, null, null
          from products where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'org_unit', id::text, name, null, null, null, null
          from org_units where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'api_token', id::text, name, null, null, null, null
          from api_tokens where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'custom_field', id::text, label, null, null, null, null
          from custom_field_defs where tenant_id = ${tenantId} and id = any(${list})
        union all
        select 'picklist_item', id::text, label, null, null, null, null
          from picklist_items where tenant_id = ${tenantId} and id = any(${list})`,
  );
  const out: Record<string, AuditRef> = {};
  for (const r of found) {
    const ref: AuditRef = { kind: r.kind, name: r.name, customerId: r.customer_id };
    if (r.order_kind) ref.subtype = r.order_kind;
    if (r.total !== null) ref.total = Number(r.total);
    if (r.currency) ref.currency = r.currency;
    out[r.id] = ref;
  }
  return out;
}
