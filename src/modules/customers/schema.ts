import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from '../../db/columns.ts';
import { tenants } from '../tenants/schema.ts';

export const CUSTOMER_KINDS = ['person', 'organization'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;
export const CHANNEL_KINDS = ['phone', 'email', 'wechat', 'line', 'website'] as const;
export const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const CONTACT_ROLES = ['decision_maker', 'operator', 'influencer', 'finance', 'other'] as const;
export const PICKLISTS = ['grade', 'source', 'stage', 'industry'] as const;
export const FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect'] as const;

/**
 * A customer is a person or an organization. Contacts of organizations are persons too, linked by
 * contact_links, so one search box finds buyers, contacts and companies alike.
 */
export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    kind: text('kind', { enum: CUSTOMER_KINDS }).notNull(),
    /** Display name as the culture writes it (山田太郎, 张三, Acme Ltd). */
    name: text('name').notNull(),
    familyName: text('family_name'),
    givenName: text('given_name'),
    /** Reading as entered or computed: kana for Japanese, pinyin with spaces for Chinese. */
    reading: text('reading'),
    honorific: text('honorific'),
    gender: text('gender', { enum: GENDERS }),
    birthYear: smallint('birth_year'),
    birthMonth: smallint('birth_month'),
    birthDay: smallint('birth_day'),
    legalName: text('legal_name'),
    industry: text('industry'),
    size: text('size'),
    taxId: text('tax_id'),
    grade: text('grade'),
    source: text('source'),
    stage: text('stage'),
    referrerId: uuid('referrer_id'),
    ownerId: uuid('owner_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    // ---- search keys, computed by the app on every write (same on PGlite and PostgreSQL) ----
    /** Unigrams + bigrams of the name's characters (CJK) and lower-cased words: 2-character names need these. */
    searchTokens: text('search_tokens').array().notNull().default(sql`'{}'::text[]`),
    /** Full pinyin or romaji without spaces: zhangsan, yamadatarou. */
    searchLatin: text('search_latin').notNull().default(''),
    /** Initials: zs, yt. */
    searchInitials: text('search_initials').notNull().default(''),
    /** Kana reading normalized to hiragana. */
    searchKana: text('search_kana').notNull().default(''),
    /** Sort key: pinyin for Chinese, kana for Japanese, lower-case otherwise. */
    sortKey: text('sort_key').notNull().default(''),
    // ---- denormalized figures for sorting and filters at 1M customers ----
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true }),
    /**
     * The list row's primary phone, email and city, kept on the customer by every write of its channels and
     * addresses (customers/summary.ts): a list or search page then reads one row per customer, not four sub-selects.
     */
    primaryPhone: text('primary_phone'),
    primaryEmail: text('primary_email'),
    city: text('city'),
    firstPurchaseAt: timestamp('first_purchase_at', { withTimezone: true }),
    lastPurchaseAt: timestamp('last_purchase_at', { withTimezone: true }),
    orderCount: integer('order_count').notNull().default(0),
    totalSpend: bigint('total_spend', { mode: 'number' }).notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    mergedIntoId: uuid('merged_into_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.referrerId], foreignColumns: [t.tenantId, t.id] }),
    // GIN indexes here keep a 64 kB pending list (migration 0005): searches scan it until it is merged.
    index('customers_tokens_gin').using('gin', t.searchTokens),
    index('customers_latin_idx').on(t.tenantId, sql`${t.searchLatin} text_pattern_ops`),
    index('customers_initials_idx').on(t.tenantId, sql`${t.searchInitials} text_pattern_ops`),
    index('customers_kana_idx').on(t.tenantId, sql`${t.searchKana} text_pattern_ops`),
    index('customers_sort_idx').on(t.tenantId, t.sortKey, t.id),
    index('customers_owner_idx').on(t.tenantId, t.ownerId, t.sortKey),
    // The list's bounded count ("10,000+") reads only this: live customers by owner, index-only once vacuumed.
    index('customers_live_idx')
      .on(t.tenantId, t.ownerId)
      .where(sql`${t.mergedIntoId} is null and ${t.archivedAt} is null`),
    index('customers_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('customers_name_idx').on(t.tenantId, t.name),
    index('customers_name_trgm').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('customers_last_purchase_idx').on(
      t.tenantId,
      sql`coalesce(${t.lastPurchaseAt}, '-infinity'::timestamptz)`,
      t.id,
    ),
    index('customers_last_interaction_idx').on(
      t.tenantId,
      sql`coalesce(${t.lastInteractionAt}, '-infinity'::timestamptz)`,
      t.id,
    ),
    index('customers_spend_idx').on(t.tenantId, t.totalSpend, t.id),
    index('customers_birthday_idx').on(t.tenantId, t.birthMonth, t.birthDay),
    index('customers_tax_idx').on(t.tenantId, t.taxId),
    // Filters on a rare tag or custom value must not scan a million rows (custom: containment, see search.ts).
    index('customers_tags_gin').using('gin', t.tags),
    index('customers_custom_gin').using('gin', sql`${t.custom} jsonb_path_ops`),
  ],
);

/** Phones, emails and messenger ids. The text as typed is kept; `normalized` is E.164 or lower-case. */
export const customerChannels = pgTable(
  'customer_channels',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    label: text('label', { enum: PHONE_LABELS }),
    value: text('value').notNull(),
    normalized: text('normalized').notNull(),
    /** Phone digits reversed, so "any 4+ trailing digits" is a prefix search on a btree. */
    digitsReversed: text('digits_reversed'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('channels_customer_idx').on(t.tenantId, t.customerId),
    index('channels_normalized_idx').on(t.tenantId, t.kind, sql`${t.normalized} text_pattern_ops`),
    index('channels_digits_rev_idx').on(t.tenantId, sql`${t.digitsReversed} text_pattern_ops`),
  ],
);

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    tenantId: tenantId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    label: text('label'),
    country: text('country'),
    province: text('province'),
    city: text('city'),
    district: text('district'),
    street: text('street'),
    postalCode: text('postal_code'),
    /** Free text when the address does not fit the fields. */
    text: text('text'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('addresses_customer_idx').on(t.tenantId, t.customerId),
  ],
);

/** A person's role at an organization; a person may be linked to several organizations. */
export const contactLinks = pgTable(
  'contact_links',
  {
    tenantId: tenantId(),
    id: id(),
    organizationId: uuid('organization_id').notNull(),
    personId: uuid('person_id').notNull(),
    role: text('role', { enum: CONTACT_ROLES }).notNull().default('other'),
    title: text('title'),
    department: text('department'),
    isPrimary: boolean('is_primary').notNull().default(false),
    since: date('since'),
    until: date('until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.organizationId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.personId], foreignColumns: [customers.tenantId, customers.id] }),
    index('contact_links_org_idx').on(t.tenantId, t.organizationId),
    index('contact_links_person_idx').on(t.tenantId, t.personId),
  ],
);

/** The tenant's own grades, sources, stages and industries, on top of the built-in defaults. */
export const picklistItems = pgTable(
  'picklist_items',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    list: text('list', { enum: PICKLISTS }).notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    description: text('description'),
    position: integer('position').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('picklist_list_idx').on(t.tenantId, t.list, t.code)],
);

/** Custom fields live in customers.custom (validated JSON), never as DDL per field. */
export const customFieldDefs = pgTable(
  'custom_field_defs',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: FIELD_TYPES }).notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('custom_field_key_idx').on(t.tenantId, t.key)],
);

/** A merge remembers what it moved and the survivor's previous values, so it can be undone. */
export const customerMerges = pgTable(
  'customer_merges',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
    mergedBefore: jsonb('merged_before').$type<Record<string, unknown>>().notNull(),
    moved: jsonb('moved').$type<Record<string, string[]>>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('merges_survivor_idx').on(t.tenantId, t.survivorId)],
);
