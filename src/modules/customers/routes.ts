import { z } from 'zod';
import { ctxOf } from '../../http/auth.ts';
import { errors, idParam, instant, int32, pageOf, pageQuery } from '../../http/schemas.ts';
import type { RoutePlugin, ZApp } from '../../http/types.ts';
import { addContact, removeContact, updateContact } from './contacts.ts';
import { checkDuplicates, duplicateReport } from './duplicates.ts';
import { mergeCustomers, undoMerge } from './merge.ts';
import { assignees, changeOwner, MAX_OWNER_CHANGE } from './owners.ts';
import { customer360, timeline } from './profile.ts';
import { PICKLISTS } from './schema.ts';
import {
  contactLinkInput,
  contactLinkPatch,
  customerCreate,
  customerOut,
  customerPatch,
  customerSummary,
  customFieldInput,
  customFieldOut,
  linkOut,
  picklistItemOut,
  picklistsOut,
} from './schemas.ts';
import { listCustomers, SORTS } from './search.ts';
import { createCustomer, getCustomerJson, setArchived, updateCustomer } from './service.ts';
import {
  addFieldDef,
  addPicklistItem,
  getFieldDefs,
  getPicklists,
  updateFieldDef,
  updatePicklistItem,
} from './settings.ts';

const tags = ['customers'];
/** A match the caller may not see has no id and no name (existence only, and whom to ask if the business allows). */
const duplicateMatch = z.object({
  id: z.uuid().nullable(),
  name: z.string().nullable(),
  ownerName: z.string().nullable(),
  matchedOn: z.string(),
  visible: z.boolean(),
});
const listQuery = z
  .object({
    ...pageQuery,
    q: z.string().max(100).optional(),
    sort: z.enum(SORTS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    kind: z.enum(['person', 'organization']).optional(),
    grade: z.string().max(40).optional(),
    ownerId: z.uuid().optional(),
    /** Only unowned customers: the shared pool (公海). */
    unowned: z.enum(['true', 'false']).optional(),
    stage: z.string().max(40).optional(),
    source: z.string().max(40).optional(),
    tags: z.string().max(500).optional(),
    createdFrom: instant.optional(),
    createdTo: instant.optional(),
    lastPurchaseFrom: instant.optional(),
    lastPurchaseTo: instant.optional(),
    archived: z.enum(['true', 'false']).optional(),
  })
  .catchall(z.string().max(200));

export const customersRoutes: RoutePlugin = (app) => {
  ownerRoutes(app);
  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'The one search box and the customer list (filters, sorts, key-based paging)',
        querystring: listQuery,
        response: {
          200: pageOf(customerSummary).extend({
            /** On the first page of a list without search text: how many match, counted up to 10,000. */
            total: z.number().int().optional(),
            totalCapped: z.boolean().optional(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { q, tags: tagList, archived, ...rest } = request.query;
      const custom: Record<string, string> = {};
      for (const [k, v] of Object.entries(rest))
        if (k.startsWith('cf.') && typeof v === 'string') custom[k.slice(3)] = v;
      return listCustomers(ctxOf(request), {
        ...rest,
        q: q?.trim() || undefined,
        tags: tagList
          ? tagList
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : undefined,
        archived: archived === 'true',
        custom,
      });
    },
  );

  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer (person or organization); 409 names an existing duplicate',
        body: customerCreate,
        response: { 201: customerOut, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createCustomer(ctxOf(request), request.body)),
  );

  app.get(
    '/customers/check-duplicates',
    {
      schema: {
        tags,
        summary: 'Existing customers with this phone, email, tax id or exact name (the new-customer warning)',
        querystring: z.object({
          phone: z.string().max(50).optional(),
          email: z.string().max(254).optional(),
          taxId: z.string().max(40).optional(),
          name: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ matches: z.array(duplicateMatch) }), ...errors },
      },
    },
    async (request) => ({ matches: await checkDuplicates(ctxOf(request), request.query) }),
  );

  app.get(
    '/customers/duplicates',
    {
      schema: {
        tags,
        summary: 'Duplicates report: same phone or email, same name in the same city',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                reason: z.string(),
                key: z.string(),
                customers: z.array(z.object({ id: z.uuid(), name: z.string(), ownerName: z.string().nullable() })),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      data: await duplicateReport(ctxOf(request)),
    }),
  );

  app.get(
    '/customers/:id',
    { schema: { tags, summary: 'The customer file', params: idParam, response: { 200: customerOut, ...errors } } },
    async (request, reply) =>
      // A ready JSON string skips the serializer; the file cache stores exactly what getCustomer returns.
      reply
        .type('application/json; charset=utf-8')
        .send((await getCustomerJson(ctxOf(request), request.params.id)) as never),
  );
  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Change a customer (channels/addresses, when given, replace the lists)',
        params: idParam,
        body: customerPatch,
        response: { 200: customerOut, ...errors },
      },
    },
    async (request) => updateCustomer(ctxOf(request), request.params.id, request.body),
  );
  app.post(
    '/customers/:id/archive',
    {
      schema: { tags, summary: 'Archive (never deleted)', params: idParam, response: { 200: customerOut, ...errors } },
    },
    async (request) => setArchived(ctxOf(request), request.params.id, true),
  );
  app.post(
    '/customers/:id/unarchive',
    { schema: { tags, params: idParam, response: { 200: customerOut, ...errors } } },
    async (request) => setArchived(ctxOf(request), request.params.id, false),
  );

  app.get(
    '/customers/:id/360',
    {
      schema: {
        tags,
        summary: 'Customer 360: the file and every module’s section',
        params: idParam,
        response: { 200: z.object({ customer: customerOut, sections: z.record(z.string(), z.unknown()) }), ...errors },
      },
    },
    async (request) => customer360(ctxOf(request), request.params.id),
  );
  app.get(
    '/customers/:id/timeline',
    {
      schema: {
        tags,
        summary: 'One timeline of everything, newest first',
        params: idParam,
        querystring: z.object(pageQuery),
        response: {
          200: pageOf(
            z.object({
              at: z.date(),
              kind: z.string(),
              id: z.string(),
              title: z.string(),
              detail: z.string().nullable().optional(),
              actorName: z.string().nullable().optional(),
            }),
          ),
          ...errors,
        },
      },
    },
    async (request) => timeline(ctxOf(request), request.params.id, request.query.limit, request.query.cursor),
  );

  app.post(
    '/customers/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Link a person (existing or new) to an organization with a role',
        params: idParam,
        body: contactLinkInput,
        response: { 201: linkOut, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await addContact(ctxOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/contact-links/:id',
    { schema: { tags, params: idParam, body: contactLinkPatch, response: { 200: linkOut, ...errors } } },
    async (request) => updateContact(ctxOf(request), request.params.id, request.body),
  );
  app.delete(
    '/contact-links/:id',
    { schema: { tags, params: idParam, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await removeContact(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another customer into this one, choosing surviving values field by field (undoable)',
        params: idParam,
        body: z.strictObject({ otherId: z.uuid(), pick: z.record(z.string(), z.enum(['this', 'other'])).default({}) }),
        response: { 200: z.object({ customer: customerOut, mergeId: z.uuid() }), ...errors },
      },
    },
    async (request) => mergeCustomers(ctxOf(request), request.params.id, request.body.otherId, request.body.pick),
  );
  app.post(
    '/merges/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge',
        params: idParam,
        response: { 200: z.object({ customer: customerOut, restoredId: z.uuid() }), ...errors },
      },
    },
    async (request) => undoMerge(ctxOf(request), request.params.id),
  );

  const settingsTags = ['settings'];
  app.get(
    '/picklists',
    {
      schema: {
        tags: settingsTags,
        summary: 'Grades, sources, stages, industries (built-ins + this business’s own)',
        response: { 200: picklistsOut, ...errors },
      },
    },
    async (request) => getPicklists(ctxOf(request)),
  );
  const listParam = z.object({ list: z.enum(PICKLISTS) });
  const itemRow = picklistItemOut
    .omit({ builtin: true })
    .extend({ id: z.uuid(), tenantId: z.uuid(), list: z.enum(PICKLISTS), position: z.number(), createdAt: z.date() });
  app.post(
    '/picklists/:list',
    {
      schema: {
        tags: settingsTags,
        params: listParam,
        body: z.strictObject({
          code: z.string().trim().min(1).max(40),
          label: z.string().trim().min(1).max(100),
          description: z.string().max(500).nullable().optional(),
        }),
        response: { 201: itemRow, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addPicklistItem(ctxOf(request), request.params.list, request.body)),
  );
  app.patch(
    '/picklists/:list/:id',
    {
      schema: {
        tags: settingsTags,
        params: listParam.extend({ id: z.uuid() }),
        body: z.strictObject({
          label: z.string().trim().min(1).max(100).optional(),
          description: z.string().max(500).nullable().optional(),
          archived: z.boolean().optional(),
          position: int32.optional(),
        }),
        response: { 200: itemRow, ...errors },
      },
    },
    async (request) => updatePicklistItem(ctxOf(request), request.params.list, request.params.id, request.body),
  );
  const fieldRow = customFieldOut.extend({ tenantId: z.uuid(), createdAt: z.date() });
  app.get(
    '/custom-fields',
    {
      schema: {
        tags: settingsTags,
        summary: 'Custom field definitions',
        response: { 200: z.object({ data: z.array(fieldRow) }), ...errors },
      },
    },
    async (request) => ({ data: await getFieldDefs(ctxOf(request)) }),
  );
  app.post(
    '/custom-fields',
    { schema: { tags: settingsTags, body: customFieldInput, response: { 201: fieldRow, ...errors } } },
    async (request, reply) => reply.code(201).send(await addFieldDef(ctxOf(request), request.body)),
  );
  app.patch(
    '/custom-fields/:id',
    {
      schema: {
        tags: settingsTags,
        params: idParam,
        body: customFieldInput.omit({ key: true, type: true }).partial().extend({ archived: z.boolean().optional() }),
        response: { 200: fieldRow, ...errors },
      },
    },
    async (request) => updateFieldDef(ctxOf(request), request.params.id, request.body),
  );
};

/** Owners and the pickers that offer them. */
function ownerRoutes(app: ZApp): void {
  app.post(
    '/customers/owner',
    {
      schema: {
        tags: ['customers'],
        summary: 'Give customers a new owner, or release them to the pool (ownerId null); all or nothing, audited',
        body: z.strictObject({
          ids: z.array(z.uuid()).min(1).max(MAX_OWNER_CHANGE),
          ownerId: z.uuid().nullable(),
        }),
        response: {
          200: z.object({ updated: z.number(), ownerId: z.uuid().nullable(), ownerName: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => changeOwner(ctxOf(request), request.body),
  );
  app.get(
    '/assignees',
    {
      schema: {
        tags: ['customers'],
        summary: 'Colleagues the signed-in user may give customers (for=customer) or tasks (for=task) to',
        querystring: z.object({ for: z.enum(['customer', 'task']).default('customer') }),
        response: {
          200: z.object({ data: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })) }),
          ...errors,
        },
      },
    },
    async (request) => ({ data: await assignees(ctxOf(request), request.query.for) }),
  );
}
