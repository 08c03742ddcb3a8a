import { and, eq, inArray, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { users } from '../users/schema.ts';
import type { CustomerRow } from './registry.ts';
import { formatBirthday } from './rules.ts';
import { contactLinks, customerAddresses, customerChannels, customers } from './schema.ts';
import type { CustomerOut, CustomerSummaryOut } from './schemas.ts';

/** Turning rows into the API's customer shapes, with the few look-ups they need, batched. */

export async function userNames(tx: Tx, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, want)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function customerNames(tx: Tx, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, want)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Summaries for list rows: primary phone, email and city in two batched queries. */
export async function toSummaries(tx: Tx, tenantId: string, rows: CustomerRow[]): Promise<CustomerSummaryOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [channels, addresses, owners] = await Promise.all([
    tx
      .select({
        customerId: customerChannels.customerId,
        kind: customerChannels.kind,
        value: customerChannels.value,
        isPrimary: customerChannels.isPrimary,
      })
      .from(customerChannels)
      .where(
        and(
          eq(customerChannels.tenantId, tenantId),
          inArray(customerChannels.customerId, ids),
          inArray(customerChannels.kind, ['phone', 'email']),
        ),
      ),
    tx
      .select({
        customerId: customerAddresses.customerId,
        city: customerAddresses.city,
        isPrimary: customerAddresses.isPrimary,
      })
      .from(customerAddresses)
      .where(and(eq(customerAddresses.tenantId, tenantId), inArray(customerAddresses.customerId, ids))),
    userNames(
      tx,
      tenantId,
      rows.map((r) => r.ownerId),
    ),
  ]);
  const pick = <T extends { customerId: string; isPrimary: boolean }>(list: T[], id: string) =>
    list.filter((c) => c.customerId === id).sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))[0];
  return rows.map((r) => ({
    ...summaryFields(r),
    ownerName: r.ownerId ? (owners.get(r.ownerId) ?? null) : null,
    primaryPhone:
      pick(
        channels.filter((c) => c.kind === 'phone'),
        r.id,
      )?.value ?? null,
    primaryEmail:
      pick(
        channels.filter((c) => c.kind === 'email'),
        r.id,
      )?.value ?? null,
    city: pick(addresses, r.id)?.city ?? null,
  }));
}

function summaryFields(r: CustomerRow) {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    reading: r.reading,
    grade: r.grade,
    stage: r.stage,
    source: r.source,
    tags: r.tags,
    ownerId: r.ownerId,
    lastInteractionAt: r.lastInteractionAt,
    lastPurchaseAt: r.lastPurchaseAt,
    orderCount: r.orderCount,
    totalSpend: r.totalSpend,
    createdAt: r.createdAt,
    archivedAt: r.archivedAt,
  };
}

/** The whole file of one customer: channels, addresses, and its links as person and as organization. */
export async function toFull(tx: Tx, tenantId: string, r: CustomerRow): Promise<CustomerOut> {
  const [channels, addresses, links] = await Promise.all([
    tx
      .select()
      .from(customerChannels)
      .where(and(eq(customerChannels.tenantId, tenantId), eq(customerChannels.customerId, r.id)))
      .orderBy(customerChannels.createdAt, customerChannels.id),
    tx
      .select()
      .from(customerAddresses)
      .where(and(eq(customerAddresses.tenantId, tenantId), eq(customerAddresses.customerId, r.id)))
      .orderBy(customerAddresses.createdAt, customerAddresses.id),
    tx
      .select()
      .from(contactLinks)
      .where(
        and(
          eq(contactLinks.tenantId, tenantId),
          or(eq(contactLinks.personId, r.id), eq(contactLinks.organizationId, r.id)),
        ),
      ),
  ]);
  const other = await tx
    .select({ id: customers.id, name: customers.name, lastInteractionAt: customers.lastInteractionAt })
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        inArray(customers.id, [...links.flatMap((l) => [l.personId, l.organizationId]), r.referrerId ?? r.id]),
      ),
    );
  const byId = new Map(other.map((o) => [o.id, o]));
  const names = await userNames(tx, tenantId, [r.ownerId]);
  const link = (l: (typeof links)[number]) => ({
    id: l.id,
    organizationId: l.organizationId,
    organizationName: byId.get(l.organizationId)?.name ?? '',
    personId: l.personId,
    personName: byId.get(l.personId)?.name ?? '',
    role: l.role,
    title: l.title,
    department: l.department,
    isPrimary: l.isPrimary,
    since: l.since,
    until: l.until,
    lastContactAt: byId.get(l.personId)?.lastInteractionAt ?? null,
  });
  const primary = <T extends { isPrimary: boolean }>(list: T[]) =>
    [...list].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))[0];
  return {
    ...summaryFields(r),
    primaryPhone: primary(channels.filter((c) => c.kind === 'phone'))?.value ?? null,
    primaryEmail: primary(channels.filter((c) => c.kind === 'email'))?.value ?? null,
    city: primary(addresses)?.city ?? null,
    ownerName: r.ownerId ? (names.get(r.ownerId) ?? null) : null,
    familyName: r.familyName,
    givenName: r.givenName,
    honorific: r.honorific,
    gender: r.gender,
    birthday: formatBirthday(r),
    legalName: r.legalName,
    industry: r.industry,
    size: r.size,
    taxId: r.taxId,
    referrerId: r.referrerId,
    referrerName: r.referrerId ? (byId.get(r.referrerId)?.name ?? null) : null,
    notes: r.notes,
    custom: r.custom,
    firstPurchaseAt: r.firstPurchaseAt,
    mergedIntoId: r.mergedIntoId,
    updatedAt: r.updatedAt,
    channels: channels.map((c) => ({
      id: c.id,
      kind: c.kind,
      label: c.label,
      value: c.value,
      normalized: c.normalized,
      isPrimary: c.isPrimary,
    })),
    addresses: addresses.map(({ tenantId: _t, customerId: _c, createdAt: _d, ...a }) => a),
    organizations: links.filter((l) => l.personId === r.id).map(link),
    contacts: links.filter((l) => l.organizationId === r.id).map(link),
  };
}
