import { searchKeysFor } from '../customers/names.ts';
import { normalizePhone } from '../customers/phones.ts';
import type { Cell } from './copy.ts';
import * as data from './names-data.ts';
import type { Rng } from './random.ts';

/** Deterministic demo rows, one chunk of customers at a time (with their channels, contacts and orders). */
export type DemoLocale = 'zh' | 'ja' | 'en';

export interface DemoContext {
  rng: Rng;
  locale: DemoLocale;
  tenantId: string;
  region: string;
  currency: string;
  reps: string[];
  products: { id: string; name: string; sku: string; price: number; cost: number }[];
  /** Orders per customer on average. */
  ordersPerCustomer: number;
  base: number;
  seq: number;
  /** The organization whose contacts the next people become: kept here so chunks can be cut anywhere. */
  openOrg: { id: string; left: number } | null;
}

export interface Chunk {
  customers: Cell[][];
  channels: Cell[][];
  addresses: Cell[][];
  links: Cell[][];
  orders: Cell[][];
  lines: Cell[][];
}

export const CUSTOMER_COLUMNS = [
  'tenant_id',
  'id',
  'kind',
  'name',
  'family_name',
  'given_name',
  'reading',
  'gender',
  'birth_year',
  'birth_month',
  'birth_day',
  'grade',
  'source',
  'stage',
  'owner_id',
  'tags',
  'search_tokens',
  'search_latin',
  'search_initials',
  'search_kana',
  'sort_key',
  'order_count',
  'total_spend',
  'first_purchase_at',
  'last_purchase_at',
  'last_interaction_at',
  'created_at',
  'updated_at',
  'primary_phone',
  'primary_email',
  'city',
];
export const CHANNEL_COLUMNS = [
  'tenant_id',
  'id',
  'customer_id',
  'kind',
  'label',
  'value',
  'normalized',
  'digits_reversed',
  'is_primary',
];
export const ADDRESS_COLUMNS = [
  'tenant_id',
  'id',
  'customer_id',
  'country',
  'province',
  'city',
  'district',
  'street',
  'postal_code',
  'is_primary',
];
export const LINK_COLUMNS = ['tenant_id', 'id', 'organization_id', 'person_id', 'role', 'title', 'is_primary'];
export const ORDER_COLUMNS = [
  'tenant_id',
  'id',
  'customer_id',
  'kind',
  'ordered_at',
  'channel',
  'store',
  'rep_id',
  'status',
  'currency',
  'total',
  'cost_total',
];
export const LINE_COLUMNS = [
  'tenant_id',
  'id',
  'order_id',
  'product_id',
  'name',
  'sku',
  'quantity',
  'unit_price',
  'discount',
  'cost',
  'amount',
];

const DAY = 86400_000;
const YEARS = 3;
// Seasonality: Spring Festival, 618 and Double Eleven in China, year-end gifts in Japan.
const MONTH_WEIGHT: Record<DemoLocale, number[]> = {
  zh: [1.6, 1.4, 0.8, 0.8, 0.9, 1.3, 0.8, 0.8, 1.0, 1.0, 1.8, 1.3],
  ja: [1.0, 0.8, 1.0, 0.9, 0.9, 1.0, 1.4, 1.0, 0.9, 0.9, 1.1, 1.8],
  en: [0.9, 0.8, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.3, 1.7],
};
const SOURCES = ['walk_in', 'referral', 'advertising', 'exhibition', 'cold_visit', 'online', 'other'];
const TAGS: Record<DemoLocale, string[]> = {
  zh: ['老客户', '团购', '送礼', '茶艺爱好者', '企业客户'],
  ja: ['常連', 'ギフト', '法人', '茶道'],
  en: ['regular', 'gifts', 'wholesale', 'vip'],
};
const CHANNELS: Record<DemoLocale, string[]> = {
  zh: ['门店', '微信', '天猫', '电话'],
  ja: ['店頭', 'LINE', '楽天', '電話'],
  en: ['store', 'web', 'phone'],
};
const ROLES = ['decision_maker', 'operator', 'influencer', 'finance', 'operator'];

interface Person {
  kind: 'person' | 'organization';
  name: string;
  familyName: string | null;
  givenName: string | null;
  reading: string | null;
  latin: string;
}

function personName(ctx: DemoContext): Person {
  const { rng } = ctx;
  if (ctx.locale === 'zh') {
    const family = rng.chance(0.03) ? rng.pick(data.ZH_COMPOUND) : rng.pick([...data.ZH_SURNAMES]);
    const given = Array.from({ length: rng.chance(0.35) ? 1 : 2 }, () => rng.pick([...data.ZH_GIVEN])).join('');
    return { kind: 'person', name: family + given, familyName: family, givenName: given, reading: null, latin: '' };
  }
  if (ctx.locale === 'ja') {
    const [f, fr] = rng.pick(data.JA_SURNAMES);
    const [g, gr] = rng.pick(data.JA_GIVEN);
    return { kind: 'person', name: f + g, familyName: f, givenName: g, reading: `${fr} ${gr}`, latin: '' };
  }
  const f = rng.pick(data.EN_LAST);
  const g = rng.pick(data.EN_FIRST);
  return { kind: 'person', name: `${g} ${f}`, familyName: f, givenName: g, reading: null, latin: '' };
}

function orgName(ctx: DemoContext, n: number): Person {
  const { rng } = ctx;
  if (ctx.locale === 'zh') {
    const city = rng.pick(data.ZH_CITIES)[1].replace('市', '');
    return {
      kind: 'organization',
      name: `${city}${rng.pick(data.ZH_ORG_PREFIX)}${rng.pick(data.ZH_ORG_MIDDLE)}${rng.pick(data.ZH_ORG_SUFFIX)}`,
      familyName: null,
      givenName: null,
      reading: null,
      latin: '',
    };
  }
  if (ctx.locale === 'ja') {
    const [name, reading] = rng.pick(data.JA_ORG);
    return {
      kind: 'organization',
      name: n % 3 ? `${name} ${['東京', '大阪', '名古屋'][n % 3]}支店` : name,
      familyName: null,
      givenName: null,
      reading,
      latin: '',
    };
  }
  return {
    kind: 'organization',
    name: `${rng.pick(data.EN_ORG)} ${n % 50}`,
    familyName: null,
    givenName: null,
    reading: null,
    latin: '',
  };
}

function phoneFor(ctx: DemoContext, n: number): string {
  const tail = String(n).padStart(8, '0').slice(-8);
  if (ctx.locale === 'zh')
    return `1${ctx.rng.pick(['38', '39', '58', '86', '37'])}${tail.slice(0, 4)} ${tail.slice(4)}`;
  // Japanese mobile numbers never have 0 after 090/070: the block starts at 1 (for n below 90 million, unique).
  if (ctx.locale === 'ja')
    return `0${ctx.rng.pick(['90', '80', '70'])}-${'123456789'[Number(tail[0]) % 9]}${tail.slice(1, 4)}-${tail.slice(4)}`;
  return `+1 ${ctx.rng.pick(['212', '415', '312', '206'])} ${String(200 + (n % 700))} ${tail.slice(4)}`;
}

/** A date in the last YEARS years before `end`, following the month seasonality. */
function seasonalDate(ctx: DemoContext, start: number, end: number): number {
  for (let i = 0; i < 20; i++) {
    const t = start + ctx.rng.next() * (end - start);
    if (ctx.rng.next() * 1.8 < MONTH_WEIGHT[ctx.locale][new Date(t).getUTCMonth()]) return t;
  }
  return start + ctx.rng.next() * (end - start);
}

export function generateChunk(ctx: DemoContext, count: number): Chunk {
  const { rng, tenantId: t } = ctx;
  const out: Chunk = { customers: [], channels: [], addresses: [], links: [], orders: [], lines: [] };
  const cities = ctx.locale === 'zh' ? data.ZH_CITIES : ctx.locale === 'ja' ? data.JA_CITIES : data.EN_CITIES;
  for (let i = 0; i < count; i++) {
    const n = ++ctx.seq;
    const createdAt = ctx.base - YEARS * 365 * DAY - rng.int(0, 200) * DAY;
    const isOrg = !ctx.openOrg && rng.chance(0.12);
    const who = isOrg ? orgName(ctx, n) : personName(ctx);
    const id = rng.uuid7(createdAt);
    const keys = searchKeysFor(who);
    const weight = rng.pareto();
    const churnedAt = rng.chance(0.22) ? ctx.base - rng.int(120, YEARS * 365) * DAY : null;
    const ownerId = rng.chance(0.9) ? ctx.reps[n % ctx.reps.length] : null;
    // Orders: expected count proportional to the Pareto weight (mean 3).
    const expected = (ctx.ordersPerCustomer * weight) / 3;
    const orderCount = Math.floor(expected) + (rng.next() < expected % 1 ? 1 : 0);
    let total = 0;
    let first: number | null = null;
    let last: number | null = null;
    const end = churnedAt ?? ctx.base;
    for (let k = 0; k < orderCount; k++) {
      const at = seasonalDate(ctx, Math.max(createdAt, ctx.base - YEARS * 365 * DAY), end);
      const orderId = rng.uuid7(at);
      let orderTotal = 0;
      let costTotal = 0;
      const lineCount = rng.int(1, 4);
      for (let l = 0; l < lineCount; l++) {
        const p = rng.pick(ctx.products);
        const qty = rng.int(1, 3);
        const discount = rng.chance(0.2) ? Math.round(p.price * qty * 0.05) : 0;
        const amount = p.price * qty - discount;
        orderTotal += amount;
        costTotal += p.cost * qty;
        out.lines.push([t, rng.uuid7(at), orderId, p.id, p.name, p.sku, qty, p.price, discount, p.cost, amount]);
      }
      out.orders.push([
        t,
        orderId,
        id,
        'sale',
        new Date(at),
        rng.pick(CHANNELS[ctx.locale]),
        null,
        ownerId ?? ctx.reps[0],
        'completed',
        ctx.currency,
        orderTotal,
        costTotal,
      ]);
      total += orderTotal;
      first = first === null ? at : Math.min(first, at);
      last = last === null ? at : Math.max(last, at);
    }
    const grade = weight > 4 ? 'A' : weight > 2 ? 'B' : weight > 1.3 ? 'C' : 'D';
    const stage = churnedAt
      ? 'lost'
      : orderCount > 0
        ? 'customer'
        : rng.pick(['stranger', 'acquaintance', 'relationship']);
    const birthday =
      !isOrg && rng.chance(0.6)
        ? { y: rng.chance(0.7) ? rng.int(1950, 2004) : null, m: rng.int(1, 12), d: rng.int(1, 28) }
        : null;
    const tags = rng.chance(0.3) ? [rng.pick(TAGS[ctx.locale])] : [];
    const lastTouch = last ? last + rng.int(0, 30) * DAY : null;
    out.customers.push([
      t,
      id,
      who.kind,
      who.name,
      who.familyName,
      who.givenName,
      keys.reading,
      isOrg ? null : rng.pick(['female', 'male']),
      birthday?.y ?? null,
      birthday?.m ?? null,
      birthday?.d ?? null,
      grade,
      rng.pick(SOURCES),
      stage,
      ownerId,
      tags,
      keys.searchTokens,
      keys.searchLatin,
      keys.searchInitials,
      keys.searchKana,
      keys.sortKey,
      orderCount,
      total,
      first ? new Date(first) : null,
      last ? new Date(last) : null,
      lastTouch && lastTouch < ctx.base ? new Date(lastTouch) : null,
      new Date(createdAt),
      new Date(createdAt),
    ]);
    const channelsFrom = out.channels.length;
    const addressesFrom = out.addresses.length;
    // One draw per number: the text shown and the E.164 stored come from the same string, normalized exactly
    // as a number typed into the form is (the two used to be drawn apart: 158 0000 2249 shown, +86 138… stored).
    const phoneText = phoneFor(ctx, n);
    const phone = normalizePhone(phoneText, ctx.region);
    if (phone)
      out.channels.push([
        t,
        rng.uuid7(createdAt),
        id,
        'phone',
        isOrg ? 'work' : 'mobile',
        phoneText,
        phone.normalized,
        phone.digitsReversed,
        true,
      ]);
    if (isOrg && phone && rng.chance(0.5)) {
      const faxText = phoneFor(ctx, n + 50_000_000);
      const fax = normalizePhone(faxText, ctx.region);
      if (fax)
        out.channels.push([
          t,
          rng.uuid7(createdAt),
          id,
          'phone',
          'fax',
          faxText,
          fax.normalized,
          fax.digitsReversed,
          false,
        ]);
    }
    if (rng.chance(0.4)) {
      const email = `${keys.searchLatin.replace(/[^a-z0-9]/g, '') || 'c'}${n}@example.com`;
      out.channels.push([t, rng.uuid7(createdAt), id, 'email', null, email, email, null, true]);
    }
    if (rng.chance(0.7)) {
      const [province, city, district] = rng.pick(cities);
      out.addresses.push([
        t,
        rng.uuid7(createdAt),
        id,
        ctx.region,
        province,
        city,
        district,
        `${rng.int(1, 999)}`,
        null,
        true,
      ]);
    }
    // The list row's phone, email and city, as a save would keep them (customers/summary.ts).
    const mine = (rows: unknown[][], from: number, i: number, match: (r: unknown[]) => boolean) =>
      (rows.slice(from).find(match)?.[i] as string | undefined) ?? null;
    out.customers[out.customers.length - 1].push(
      mine(out.channels, channelsFrom, 5, (r) => r[3] === 'phone' && r[8] === true),
      mine(out.channels, channelsFrom, 5, (r) => r[3] === 'email'),
      mine(out.addresses, addressesFrom, 5, () => true),
    );
    const org = ctx.openOrg;
    if (isOrg) ctx.openOrg = { id, left: rng.int(2, 4) };
    else if (org) {
      const role = ROLES[(4 - org.left + ROLES.length) % ROLES.length];
      out.links.push([t, rng.uuid7(createdAt), org.id, id, role, null, role === 'decision_maker']);
      org.left -= 1;
      if (org.left === 0) ctx.openOrg = null;
    }
  }
  return out;
}
