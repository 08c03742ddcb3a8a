import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from '../../db/columns.ts';
import { customers } from '../customers/schema.ts';
import { tenants } from '../tenants/schema.ts';

export const ORDER_STATUSES = ['completed', 'pending', 'cancelled'] as const;
export const ORDER_KINDS = ['sale', 'return'] as const;

/** A minimal catalogue: enough to know who buys what. Money in minor units of the tenant's currency. */
export const products = pgTable(
  'products',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    name: text('name').notNull(),
    sku: text('sku'),
    category: text('category'),
    price: bigint('price', { mode: 'number' }).notNull().default(0),
    cost: bigint('cost', { mode: 'number' }),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('products_sku_idx').on(t.tenantId, t.sku)],
);

/** Sales and returns; a return is a negative order pointing at the original. */
export const orders = pgTable(
  'orders',
  {
    tenantId: tenantId().references(() => tenants.id),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: ORDER_KINDS }).notNull().default('sale'),
    originalOrderId: uuid('original_order_id'),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    channel: text('channel'),
    store: text('store'),
    repId: uuid('rep_id'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('completed'),
    currency: text('currency').notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
    costTotal: bigint('cost_total', { mode: 'number' }),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index('orders_customer_idx').on(t.tenantId, t.customerId, t.orderedAt),
    index('orders_original_idx').on(t.tenantId, t.originalOrderId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid('order_id').notNull(),
    productId: uuid('product_id'),
    name: text('name').notNull(),
    sku: text('sku'),
    quantity: integer('quantity').notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
    cost: bigint('cost', { mode: 'number' }),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** For a return line: the sale line it returns. */
    returnsLineId: uuid('returns_line_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    index('order_lines_order_idx').on(t.tenantId, t.orderId),
    index('order_lines_returns_idx').on(t.tenantId, t.returnsLineId),
  ],
);
