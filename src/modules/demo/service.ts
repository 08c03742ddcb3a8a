import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { products } from '../orders/schema.ts';
import { createTenant } from '../tenants/service.ts';
import { orgUnits } from '../users/schema.ts';
import { insertUser } from '../users/service.ts';
import { copyRows } from './copy.ts';
import {
  ADDRESS_COLUMNS,
  CHANNEL_COLUMNS,
  CUSTOMER_COLUMNS,
  type DemoContext,
  type DemoLocale,
  generateChunk,
  LINE_COLUMNS,
  LINK_COLUMNS,
  ORDER_COLUMNS,
} from './generate.ts';
import { PRODUCTS } from './names-data.ts';
import { Rng } from './random.ts';

export interface DemoOptions {
  customers: number;
  orders: number;
  locale: DemoLocale;
  seed: number;
  tenantName?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  tenantId: string;
  slug: string;
  email: string;
  password: string;
  customers: number;
  orders: number;
  orderLines: number;
  seconds: number;
  customersPerSecond: number;
  orderLinesPerSecond: number;
}

const LOCALE_TENANT = {
  zh: { locale: 'zh-CN', name: '演示茶庄' },
  ja: { locale: 'ja', name: 'デモ茶舗' },
  en: { locale: 'en', name: 'Demo Tea House' },
} as const;
/** Customers per COPY round: fewer when each buys a lot, so one round holds ~100k orders at most. */
const chunkSize = (ordersPerCustomer: number) =>
  Math.max(200, Math.min(20_000, Math.round(100_000 / Math.max(1, ordersPerCustomer))));
/** The demo's "today": fixed, so the same seed gives the same tenant on any day. */
export const DEMO_BASE = Date.UTC(2026, 10, 1);

/** Creates a demo business: owner, team of reps, catalogue, customers with contacts, and years of orders. */
export async function createDemo(database: Database, o: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const rng = new Rng(o.seed);
  const t = LOCALE_TENANT[o.locale];
  const email = `owner+${o.seed}-${Date.now() % 100000}@demo.granary.local`;
  const password = `demo-${o.seed}-granary`;
  const { tenant } = await createTenant(
    database.db,
    {
      tenant: { name: o.tenantName ?? t.name, locale: t.locale },
      owner: { name: o.locale === 'en' ? 'Demo Owner' : o.locale === 'ja' ? '店主' : '老板', email, password },
    },
    false,
  );
  const { reps, catalogue } = await withTenant(database.db, tenant.id, async (tx) => {
    const [dept] = await tx
      .insert(orgUnits)
      .values({
        tenantId: tenant.id,
        id: rng.uuid7(DEMO_BASE),
        kind: 'department',
        name: o.locale === 'en' ? 'Sales' : o.locale === 'ja' ? '営業部' : '销售部',
      })
      .returning();
    const teams = await tx
      .insert(orgUnits)
      .values(
        [1, 2].map((n) => ({
          tenantId: tenant.id,
          id: rng.uuid7(DEMO_BASE + n),
          kind: 'team' as const,
          name: `${o.locale === 'en' ? 'Team' : o.locale === 'ja' ? 'チーム' : '小组'} ${n}`,
          parentId: dept.id,
        })),
      )
      .returning();
    const repIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const u = await insertUser(tx, tenant.id, {
        email: `rep${i + 1}+${o.seed}-${Date.now() % 100000}@demo.granary.local`,
        name: `${o.locale === 'en' ? 'Rep' : o.locale === 'ja' ? '営業' : '销售'} ${i + 1}`,
        role: 'sales',
        orgUnitId: teams[i % 2].id,
        password,
      });
      repIds.push(u.id);
    }
    const cat = PRODUCTS[o.locale].map(([name, category, price], i) => ({
      tenantId: tenant.id,
      id: rng.uuid7(DEMO_BASE + i),
      name,
      category,
      sku: `SKU-${100 + i}`,
      price,
      cost: Math.round(price * 0.45),
    }));
    await tx.insert(products).values(cat);
    return { reps: repIds, catalogue: cat };
  });
  const ctx: DemoContext = {
    rng,
    locale: o.locale,
    tenantId: tenant.id,
    region: tenant.phoneRegion,
    currency: tenant.currency,
    reps,
    products: catalogue,
    ordersPerCustomer: o.customers ? o.orders / o.customers : 0,
    base: DEMO_BASE,
    seq: 0,
  };
  let orders = 0;
  let lines = 0;
  const CHUNK = chunkSize(ctx.ordersPerCustomer);
  for (let done = 0; done < o.customers; done += CHUNK) {
    const chunk = generateChunk(ctx, Math.min(CHUNK, o.customers - done));
    await copyRows(database, 'customers', CUSTOMER_COLUMNS, chunk.customers);
    await copyRows(database, 'customer_channels', CHANNEL_COLUMNS, chunk.channels);
    await copyRows(database, 'customer_addresses', ADDRESS_COLUMNS, chunk.addresses);
    await copyRows(database, 'contact_links', LINK_COLUMNS, chunk.links);
    await copyRows(database, 'orders', ORDER_COLUMNS, chunk.orders);
    await copyRows(database, 'order_lines', LINE_COLUMNS, chunk.lines);
    orders += chunk.orders.length;
    lines += chunk.lines.length;
    o.onProgress?.(Math.min(done + CHUNK, o.customers), o.customers);
  }
  for (const table of ['customers', 'customer_channels', 'contact_links', 'orders', 'order_lines'])
    await database.db.execute(sql.raw(`analyze ${table}`));
  const seconds = (performance.now() - started) / 1000;
  return {
    tenantId: tenant.id,
    slug: tenant.slug,
    email,
    password,
    customers: o.customers,
    orders,
    orderLines: lines,
    seconds: Math.round(seconds * 10) / 10,
    customersPerSecond: Math.round(o.customers / seconds),
    orderLinesPerSecond: Math.round(lines / seconds),
  };
}
