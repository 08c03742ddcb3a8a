import { sql } from 'drizzle-orm';
import type { Database, Db, Tx } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { products } from '../orders/schema.ts';
import { createTenant } from '../tenants/service.ts';
import { orgUnits } from '../users/schema.ts';
import { insertUser } from '../users/service.ts';
import { copyCsv, toCsv } from './copy.ts';
import {
  ADDRESS_COLUMNS,
  CHANNEL_COLUMNS,
  type Chunk,
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
  /** The setup page's "explore with demo data": refused (409 already_set_up) once any tenant exists. */
  onlyIfEmpty?: boolean;
  /** Called with 0 once the tenant exists (inside the load's transaction), then after each chunk. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  tenantId: string;
  tenantName: string;
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
/** Tables in load order (a row's references are loaded before it), with the chunk part that fills each. */
const TABLES = [
  ['customers', CUSTOMER_COLUMNS, 'customers'],
  ['customer_channels', CHANNEL_COLUMNS, 'channels'],
  ['customer_addresses', ADDRESS_COLUMNS, 'addresses'],
  ['contact_links', LINK_COLUMNS, 'links'],
  ['orders', ORDER_COLUMNS, 'orders'],
  ['order_lines', LINE_COLUMNS, 'lines'], // last: the load copies it beside the next chunk's other tables
] as const satisfies readonly (readonly [string, string[], keyof Chunk])[];
type TableName = (typeof TABLES)[number][0];

/** Customers generated between two turns of the event loop (~20 ms of work). */
const SLICE = 200;

/** One chunk as CSV per table, built slice by slice so the event loop keeps the running COPY fed meanwhile. */
async function produceChunk(ctx: DemoContext, count: number) {
  const parts = Object.fromEntries(TABLES.map(([table]) => [table, [] as string[]])) as Record<TableName, string[]>;
  let orders = 0;
  let lines = 0;
  for (let done = 0; done < count; done += SLICE) {
    const slice = generateChunk(ctx, Math.min(SLICE, count - done));
    for (const [table, , part] of TABLES) parts[table].push(toCsv(slice[part]));
    orders += slice.orders.length;
    lines += slice.lines.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { csv: parts, orders, lines };
}

/** The demo's "today": fixed, so the same seed gives the same tenant on any day. */
export const DEMO_BASE = Date.UTC(2026, 10, 1);

/**
 * Creates a demo business: owner, team of reps, catalogue, customers with contacts, and years of orders — in one
 * transaction, so a load that is killed or fails leaves nothing (issue 9: kill -9 left 20,000 customers without
 * channels or orders). docs/architecture.md says why one transaction on both databases.
 */
export async function createDemo(database: Database, o: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const email = `owner+${o.seed}-${Date.now() % 100000}@demo.granary.local`;
  const password = `demo-${o.seed}-granary`;
  const loaded = await database.db.transaction((tx) => load(database, tx, o, email, password));
  // ANALYZE after the commit: the planner's statistics should count the rows every other session now sees.
  for (const table of ['customers', 'customer_channels', 'contact_links', 'orders', 'order_lines'])
    await database.db.execute(sql.raw(`analyze ${table}`));
  const seconds = (performance.now() - started) / 1000;
  return {
    tenantId: loaded.tenant.id,
    tenantName: loaded.tenant.name,
    slug: loaded.tenant.slug,
    email,
    password,
    customers: o.customers,
    orders: loaded.orders,
    orderLines: loaded.lines,
    seconds: Math.round(seconds * 10) / 10,
    customersPerSecond: Math.round(o.customers / seconds),
    orderLinesPerSecond: Math.round(loaded.lines / seconds),
  };
}

/** createTenant and withTenant leave this transaction in the app role; COPY, which RLS refuses, runs as the loader. */
const asLoader = (tx: Tx) => tx.execute(sql`select set_config('role', 'none', true)`);

async function load(database: Database, tx: Tx, o: DemoOptions, email: string, password: string) {
  const rng = new Rng(o.seed);
  const t = LOCALE_TENANT[o.locale];
  const { tenant } = await createTenant(
    tx as unknown as Db,
    {
      tenant: { name: o.tenantName ?? t.name, locale: t.locale },
      owner: { name: o.locale === 'en' ? 'Demo Owner' : o.locale === 'ja' ? '店主' : '老板', email, password },
    },
    o.onlyIfEmpty ?? false,
  );
  const { reps, catalogue } = await withTenant(tx as unknown as Db, tenant.id, async (tx) => {
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
  await asLoader(tx);
  o.onProgress?.(0, o.customers);
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
    openOrg: null,
  };
  // Pipelined: while one chunk's tables are COPYed, the next chunk is generated in slices that yield so the COPY
  // keeps streaming. The previous chunk's order lines follow on the same connection (one transaction has one),
  // queued behind this chunk's head tables rather than beside them on a second connection as before.
  let orders = 0;
  let lines = 0;
  const CHUNK = chunkSize(ctx.ordersPerCustomer);
  const produce = (done: number) =>
    done < o.customers ? produceChunk(ctx, Math.min(CHUNK, o.customers - done)) : null;
  let next = produce(0);
  let previousLines: Promise<void> = Promise.resolve();
  for (let done = 0; next; done += CHUNK) {
    const chunk = await next;
    next = produce(done + CHUNK);
    const head = (async () => {
      for (const [table, columns] of TABLES.slice(0, -1)) await copyCsv(database, table, columns, chunk.csv[table], tx);
    })();
    await Promise.all([head, previousLines]);
    previousLines = copyCsv(database, 'order_lines', LINE_COLUMNS, chunk.csv.order_lines, tx);
    orders += chunk.orders;
    lines += chunk.lines;
    o.onProgress?.(Math.min(done + CHUNK, o.customers), o.customers);
  }
  await previousLines;
  return { tenant, orders, lines };
}
