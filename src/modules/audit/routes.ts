import { z } from 'zod';
import { ctxOf } from '../../http/auth.ts';
import { errors, instant, pageOf, pageQuery } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { list } from './service.ts';

const entrySchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  at: z.date(),
  actorType: z.enum(['user', 'token', 'system']),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.uuid().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  requestId: z.string().nullable(),
});

const refSchema = z.object({
  kind: z.string(),
  name: z.string(),
  customerId: z.uuid().nullable(),
  subtype: z.string().optional(),
  total: z.number().optional(),
  currency: z.string().optional(),
});

export const auditRoutes: RoutePlugin = (app) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first (owners and admins); refs names the records the page mentions',
        querystring: z.object({
          ...pageQuery,
          entity: z.string().max(50).optional(),
          entityId: z.uuid().optional(),
          actorId: z.uuid().optional(),
          action: z.string().max(80).optional(),
          from: instant.optional(),
          to: instant.optional(),
        }),
        response: { 200: pageOf(entrySchema).extend({ refs: z.record(z.string(), refSchema) }), ...errors },
      },
    },
    async (request) => list(ctxOf(request), request.query),
  );
};
