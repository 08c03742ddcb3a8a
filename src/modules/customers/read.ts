import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.ts';
import { userNameSql, userNames } from '../users/service.ts';
import type { CustomerRow } from './file-parts.ts';
import { formatBirthday } from './rules.ts';
import { contactLinks, customerAddresses, customerChannels, customers } from './schema.ts';
import type { CustomerOut, CustomerSummaryOut, LinkOut } from './schemas.ts';

/** Turning rows into the API's customer shapes, with the few look-ups they need, batched. */

export async function customerNames(tx: Tx, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => !!x))];
  if (want.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, want)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Which of `personIds` are (or were) contact persons of the organization: one query for all of them. */
export async function linkedPersons(
  tx: Tx,
  tenantId: string,
  organizationId: string,
  personIds: string[],
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const linked = await tx
    .select({ personId: contactLinks.personId })
    .from(contactLinks)
    .where(
      and(
        eq(contactLinks.tenantId, tenantId),
        eq(contactLinks.organizationId, organizationId),
        inArray(contactLinks.personId, personIds),
      ),
    );
  return new Set(linked.map((l) => l.personId));
}

/**
 * A list row straight from SQL in the API's summary shape (the fields summaryFields takes from a row), for the
 * one-round-trip read-back of lists and search. Times as epoch milliseconds and total_spend as float8 (exact below
 * 2^53): numbers on both drivers, which otherwise disagree (Date objects from pg, text from PGlite's raw path).
 */
const epochMs = (col: string) => sql.raw(`(extract(epoch from customers.${col}) * 1000)::float8`);
export const summarySelect = sql`customers.id, customers.kind, customers.name, customers.reading, customers.grade,
  customers.stage, customers.source, customers.tags, customers.owner_id as "ownerId",
  ${epochMs('last_interaction_at')} as "lastInteractionAt", ${epochMs('last_purchase_at')} as "lastPurchaseAt",
  customers.order_count as "orderCount", customers.total_spend::float8 as "totalSpend",
  ${epochMs('created_at')} as "createdAt", ${epochMs('archived_at')} as "archivedAt",
  customers.primary_phone as "primaryPhone", customers.primary_email as "primaryEmail", customers.city as "city",
  ${userNameSql(sql`customers.tenant_id`, sql`customers.owner_id`)} as "ownerName"`;

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

const org = alias(customers, 'org');
const person = alias(customers, 'person');

/**
 * Contact links as the API shows them: with both names and when the person was last contacted. Links of a
 * merged-away customer are hidden (merge leaves there only those the survivor already had).
 */
export async function readLinks(tx: Tx, tenantId: string, where: SQL): Promise<LinkOut[]> {
  const rows = await tx
    .select({
      l: contactLinks,
      organizationName: org.name,
      personName: person.name,
      lastContactAt: person.lastInteractionAt,
    })
    .from(contactLinks)
    .innerJoin(org, and(eq(org.tenantId, contactLinks.tenantId), eq(org.id, contactLinks.organizationId)))
    .innerJoin(person, and(eq(person.tenantId, contactLinks.tenantId), eq(person.id, contactLinks.personId)))
    .where(and(eq(contactLinks.tenantId, tenantId), isNull(org.mergedIntoId), isNull(person.mergedIntoId), where))
    .orderBy(contactLinks.createdAt, contactLinks.id);
  return rows.map(({ l, organizationName, personName, lastContactAt }) => ({
    id: l.id,
    organizationId: l.organizationId,
    organizationName,
    personId: l.personId,
    personName,
    role: l.role,
    title: l.title,
    department: l.department,
    isPrimary: l.isPrimary,
    since: l.since,
    until: l.until,
    lastContactAt,
  }));
}

/** The whole file of one customer: channels, addresses, and its links as person and as organization. */
/** What a write already knows of a file it just made: its children as written, and no links yet. */
export interface KnownChildren {
  channels: (typeof customerChannels.$inferSelect)[];
  addresses: (typeof customerAddresses.$inferSelect)[];
  ownerName?: string | null;
}

export async function toFull(tx: Tx, tenantId: string, r: CustomerRow, known?: KnownChildren): Promise<CustomerOut> {
  // One after another: a transaction is one connection, and pg@9 refuses queries queued on a busy client.
  const channels =
    known?.channels ??
    (await tx
      .select()
      .from(customerChannels)
      .where(and(eq(customerChannels.tenantId, tenantId), eq(customerChannels.customerId, r.id)))
      .orderBy(customerChannels.createdAt, customerChannels.id));
  const addresses =
    known?.addresses ??
    (await tx
      .select()
      .from(customerAddresses)
      .where(and(eq(customerAddresses.tenantId, tenantId), eq(customerAddresses.customerId, r.id)))
      .orderBy(customerAddresses.createdAt, customerAddresses.id));
  const links = known
    ? []
    : await readLinks(tx, tenantId, or(eq(contactLinks.personId, r.id), eq(contactLinks.organizationId, r.id))!);
  const names =
    known?.ownerName !== undefined
      ? new Map(r.ownerId && known.ownerName ? [[r.ownerId, known.ownerName]] : [])
      : await userNames(tx, tenantId, [r.ownerId]);
  const referrer = await customerNames(tx, tenantId, [r.referrerId]);
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
    referrerName: r.referrerId ? (referrer.get(r.referrerId) ?? null) : null,
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
    organizations: links.filter((l) => l.personId === r.id),
    contacts: links.filter((l) => l.organizationId === r.id),
  };
}

const msToDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

/** A row of summarySelect as the API sends it. */
export function summaryFromRow(r: Record<string, unknown>): CustomerSummaryOut {
  return {
    ...(r as unknown as CustomerSummaryOut),
    lastInteractionAt: msToDate(r.lastInteractionAt),
    lastPurchaseAt: msToDate(r.lastPurchaseAt),
    createdAt: msToDate(r.createdAt)!,
    archivedAt: msToDate(r.archivedAt),
    orderCount: Number(r.orderCount),
    totalSpend: Number(r.totalSpend),
  };
}
