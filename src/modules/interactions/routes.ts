import { z } from 'zod';
import { ctxOf } from '../../http/auth.ts';
import { errors, idParam, instant, pageOf, pageQuery } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { DIRECTIONS, INTERACTION_TYPES, PRIORITIES, SENTIMENTS } from './schema.ts';
import { listInteractions, logInteraction, updateInteraction } from './service.ts';
import { createTask, listTasks, myDay, updateTask } from './tasks.ts';

const interactionOut = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  customerId: z.uuid(),
  type: z.enum(INTERACTION_TYPES),
  direction: z.enum(DIRECTIONS).nullable(),
  occurredAt: z.date(),
  durationMinutes: z.number().nullable(),
  contactIds: z.array(z.uuid()),
  summary: z.string(),
  outcome: z.string().nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  createdBy: z.uuid(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const taskOut = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  title: z.string(),
  notes: z.string().nullable(),
  dueAt: z.date(),
  assigneeId: z.uuid(),
  assigneeName: z.string().nullable(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  contactId: z.uuid().nullable(),
  interactionId: z.uuid().nullable(),
  priority: z.enum(PRIORITIES),
  doneAt: z.date().nullable(),
  doneBy: z.uuid().nullable(),
  createdBy: z.uuid(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const taskIn = z.strictObject({
  title: z.string().trim().min(1).max(200),
  notes: z.string().max(2000).nullable().optional(),
  dueAt: instant,
  assigneeId: z.uuid().optional(),
  customerId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  priority: z.enum(PRIORITIES).optional(),
});
const interactionFields = {
  type: z.enum(INTERACTION_TYPES),
  direction: z.enum(DIRECTIONS).nullable().optional(),
  occurredAt: instant.optional(),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .nullable()
    .optional(),
  contactIds: z.array(z.uuid()).max(50).optional(),
  summary: z.string().trim().min(1, 'is required').max(5000),
  outcome: z.string().trim().max(2000).nullable().optional(),
  sentiment: z.enum(SENTIMENTS).nullable().optional(),
};
const tags = ['diary'];

export const interactionsRoutes: RoutePlugin = (app) => {
  app.get(
    '/interactions',
    {
      schema: {
        tags,
        summary: "A customer's diary, newest first",
        querystring: z.object({ ...pageQuery, customerId: z.uuid() }),
        response: { 200: pageOf(interactionOut), ...errors },
      },
    },
    async (request) => listInteractions(ctxOf(request), request.query),
  );
  app.post(
    '/interactions',
    {
      schema: {
        tags,
        summary: 'Log a call, visit, message… with an optional next step (becomes a task)',
        body: z.strictObject({
          customerId: z.uuid(),
          ...interactionFields,
          nextStep: taskIn.omit({ customerId: true, contactId: true }).nullable().optional(),
        }),
        response: {
          201: z.object({
            interaction: interactionOut,
            task: taskOut.omit({ assigneeName: true, customerName: true }).nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await logInteraction(ctxOf(request), request.body)),
  );
  app.patch(
    '/interactions/:id',
    {
      schema: {
        tags,
        params: idParam,
        body: z.strictObject(interactionFields).partial(),
        response: { 200: interactionOut, ...errors },
      },
    },
    async (request) => updateInteraction(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks (default: mine), by status, customer and due window in the business time zone',
        querystring: z.object({
          assignee: z.union([z.literal('me'), z.literal('team'), z.uuid()]).optional(),
          status: z.enum(['open', 'done']).optional(),
          customerId: z.uuid().optional(),
          due: z.enum(['overdue', 'today', 'upcoming']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ data: z.array(taskOut) }), ...errors },
      },
    },
    async (request) => ({ data: await listTasks(ctxOf(request), request.query) }),
  );
  app.post(
    '/tasks',
    { schema: { tags, body: taskIn, response: { 201: taskOut, ...errors } } },
    async (request, reply) => reply.code(201).send(await createTask(ctxOf(request), request.body)),
  );
  app.patch(
    '/tasks/:id',
    { schema: { tags, params: idParam, body: taskIn.partial(), response: { 200: taskOut, ...errors } } },
    async (request) => updateTask(ctxOf(request), request.params.id, request.body),
  );
  app.post(
    '/tasks/:id/complete',
    { schema: { tags, params: idParam, response: { 200: taskOut, ...errors } } },
    async (request) => updateTask(ctxOf(request), request.params.id, { done: true }),
  );
  app.post(
    '/tasks/:id/reopen',
    { schema: { tags, params: idParam, response: { 200: taskOut, ...errors } } },
    async (request) => updateTask(ctxOf(request), request.params.id, { done: false }),
  );

  const birthday = z.object({
    customerId: z.uuid(),
    name: z.string(),
    kind: z.enum(['customer', 'contact']),
    organizationName: z.string().nullable(),
    age: z.number().nullable(),
  });
  app.get(
    '/my-day',
    {
      schema: {
        tags,
        summary: "My overdue, today's and upcoming tasks and today's birthdays (business time zone)",
        querystring: z.object({ at: instant.optional() }),
        response: {
          200: z.object({
            overdue: z.array(taskOut),
            today: z.array(taskOut),
            upcoming: z.array(taskOut),
            birthdays: z.array(birthday),
            counts: z.object({ overdue: z.number(), today: z.number(), upcoming: z.number(), birthdays: z.number() }),
            date: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request) => myDay(ctxOf(request), request.query.at),
  );
};
