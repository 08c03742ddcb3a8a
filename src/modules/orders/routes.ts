import { z } from 'zod';
import { ctxOf } from '../../http/auth.ts';
import { errors, idParam, instant, pageOf, pageQuery, quantity } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { startRecompute } from './recompute.ts';
import { ORDER_KINDS, ORDER_STATUSES } from './schema.ts';
import { createOrder, createReturn, getOrder, listOrders, listProducts, saveProduct } from './service.ts';

const money = z.number().int('must be whole minor units (e.g. fen, yen)').min(0).max(1e13);

const productOut = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string(),
  sku: z.string().nullable(),
  category: z.string().nullable(),
  price: z.number(),
  cost: z.number().nullable(),
  archived: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const productIn = z.strictObject({
  name: z.string().trim().min(1).max(200),
  sku: z.string().trim().max(60).nullable().optional(),
  category: z.string().trim().max(100).nullable().optional(),
  price: money.optional(),
  cost: money.nullable().optional(),
});
const lineOut = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  orderId: z.uuid(),
  productId: z.uuid().nullable(),
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number(),
  unitPrice: z.number(),
  discount: z.number(),
  cost: z.number().nullable(),
  amount: z.number(),
  returnsLineId: z.uuid().nullable(),
  /** On a sale read with GET /orders/:id: how much of this line came back, and how much still may. */
  returned: z.number().optional(),
  returnable: z.number().optional(),
});
const orderOut = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  customerId: z.uuid(),
  kind: z.enum(ORDER_KINDS),
  originalOrderId: z.uuid().nullable(),
  orderedAt: z.date(),
  channel: z.string().nullable(),
  store: z.string().nullable(),
  repId: z.uuid().nullable(),
  status: z.enum(ORDER_STATUSES),
  currency: z.string(),
  total: z.number(),
  costTotal: z.number().nullable(),
  note: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
});
const orderFull = orderOut.extend({ lines: z.array(lineOut) });
const tags = ['orders'];

export const ordersRoutes: RoutePlugin = (app, deps) => {
  app.get(
    '/products',
    {
      schema: {
        tags,
        querystring: z.object({ ...pageQuery, q: z.string().max(100).optional() }),
        response: { 200: pageOf(productOut), ...errors },
      },
    },
    async (request) => listProducts(ctxOf(request), request.query),
  );
  app.post(
    '/products',
    { schema: { tags, body: productIn, response: { 201: productOut, ...errors } } },
    async (request, reply) => reply.code(201).send(await saveProduct(ctxOf(request), null, request.body)),
  );
  app.patch(
    '/products/:id',
    {
      schema: {
        tags,
        params: idParam,
        body: productIn.partial().extend({ archived: z.boolean().optional() }),
        response: { 200: productOut, ...errors },
      },
    },
    async (request) => saveProduct(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: "A customer's orders and returns, newest first",
        querystring: z.object({ ...pageQuery, customerId: z.uuid() }),
        response: { 200: pageOf(orderOut), ...errors },
      },
    },
    async (request) => listOrders(ctxOf(request), request.query),
  );
  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Record an order (totals computed server-side, money in minor units)',
        body: z.strictObject({
          customerId: z.uuid(),
          orderedAt: instant.optional(),
          channel: z.string().trim().max(60).nullable().optional(),
          store: z.string().trim().max(100).nullable().optional(),
          repId: z.uuid().nullable().optional(),
          status: z.enum(ORDER_STATUSES).optional(),
          currency: z
            .string()
            .length(3)
            .transform((s) => s.toUpperCase())
            .optional(),
          note: z.string().max(2000).nullable().optional(),
          lines: z
            .array(
              z.strictObject({
                productId: z.uuid().nullable().optional(),
                name: z.string().trim().max(200).nullable().optional(),
                sku: z.string().max(60).nullable().optional(),
                quantity,
                unitPrice: money.optional(),
                discount: money.optional(),
                cost: money.nullable().optional(),
              }),
            )
            .min(1)
            .max(500),
        }),
        response: { 201: orderFull, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createOrder(ctxOf(request), request.body)),
  );
  app.get(
    '/orders/:id',
    { schema: { tags, params: idParam, response: { 200: orderFull, ...errors } } },
    async (request) => getOrder(ctxOf(request), request.params.id),
  );
  app.post(
    '/orders/:id/returns',
    {
      schema: {
        tags,
        summary: 'Return lines of an order: a negative order linked to the original',
        params: idParam,
        body: z.strictObject({
          lines: z.array(z.strictObject({ lineId: z.uuid(), quantity })).min(1),
          reason: z.string().max(500).nullable().optional(),
        }),
        response: { 201: orderFull, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createReturn(ctxOf(request), request.params.id, request.body)),
  );
  app.post(
    '/orders/recompute-figures',
    {
      schema: {
        tags: ['orders'],
        summary: "Recompute every customer's purchase figures from the orders (a background run; owners and admins)",
        response: { 202: z.object({ jobId: z.uuid() }), ...errors },
      },
    },
    async (request, reply) => {
      const jobId = await startRecompute(ctxOf(request), deps.engine);
      return reply.code(202).header('location', `/api/v1/jobs/${jobId}`).send({ jobId });
    },
  );
};
