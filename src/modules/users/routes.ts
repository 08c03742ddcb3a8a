import { z } from 'zod';
import { withTenant } from '../../db/tenant.ts';
import { ctxOf } from '../../http/auth.ts';
import { email, errors, idParam, name, pageOf, pageQuery, password } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { issueUserToken } from '../auth/service.ts';
import { localeSchema } from '../tenants/rules.ts';
import { ORG_UNIT_KINDS, ROLES } from './schema.ts';
import { addUser, getUser, listUnits, listUsers, saveUnit, updateUser } from './service.ts';

export const userSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  orgUnitId: z.uuid().nullable(),
  locale: z.string().nullable(),
  active: z.boolean(),
  deactivatedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const unitSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(ORG_UNIT_KINDS),
  name: z.string(),
  leaderId: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const userRoutes: RoutePlugin = (app, deps) => {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users of my business',
        querystring: z.object({ ...pageQuery, active: z.enum(['true', 'false']).optional() }),
        response: { 200: pageOf(userSchema), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return listUsers(ctxOf(request), {
        limit: q.limit,
        cursor: q.cursor,
        active: q.active === undefined ? undefined : q.active === 'true',
      });
    },
  );
  app.get(
    '/users/:id',
    { schema: { tags: ['users'], params: idParam, response: { 200: userSchema, ...errors } } },
    async (request) => getUser(ctxOf(request), request.params.id),
  );
  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary:
          'Add a user with a password, or invite one (invite: true returns a one-time link and mails it when SMTP is set)',
        body: z.strictObject({
          email,
          name,
          role: z.enum(ROLES),
          orgUnitId: z.uuid().nullable().optional(),
          locale: localeSchema.nullable().optional(),
          password: password.optional(),
          invite: z.boolean().optional(),
        }),
        response: { 201: userSchema.extend({ inviteUrl: z.string().optional() }), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { invite, ...input } = request.body;
      const user = await addUser(ctx, input);
      if (!invite && !input.password) return reply.code(201).send(user);
      if (!invite) return reply.code(201).send(user);
      const secret = await withTenant(deps.database.db, ctx.actor.tenantId, (tx) =>
        issueUserToken(tx, ctx.actor.tenantId, user.id, 'invite', ctx.clock.now()),
      );
      const inviteUrl = `${request.protocol}://${request.host}/reset-password?token=${secret}&invite=1`;
      await deps.mailer.send({
        tenantId: ctx.actor.tenantId,
        kind: 'invitation',
        to: user.email,
        subject: 'You are invited to Granary',
        text: `Hello ${user.name},\n\n${ctx.actor.name} invited you. Choose your password here (valid 7 days):\n${inviteUrl}\n`,
      });
      return reply.code(201).send({ ...user, inviteUrl });
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user; active: false deactivates (never deletes: their records stay)',
        params: idParam,
        body: z.strictObject({
          name: name.optional(),
          role: z.enum(ROLES).optional(),
          orgUnitId: z.uuid().nullable().optional(),
          locale: localeSchema.nullable().optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => updateUser(ctxOf(request), request.params.id, request.body),
  );

  app.get(
    '/org-units',
    {
      schema: {
        tags: ['users'],
        summary: 'Departments and teams (a tree by parentId)',
        response: { 200: z.object({ data: z.array(unitSchema) }), ...errors },
      },
    },
    async (request) => ({
      data: await listUnits(ctxOf(request)),
    }),
  );
  const unitBody = z.strictObject({
    name,
    kind: z.enum(ORG_UNIT_KINDS),
    parentId: z.uuid().nullable().optional(),
    leaderId: z.uuid().nullable().optional(),
  });
  app.post(
    '/org-units',
    { schema: { tags: ['users'], body: unitBody, response: { 201: unitSchema, ...errors } } },
    async (request, reply) => reply.code(201).send(await saveUnit(ctxOf(request), null, request.body)),
  );
  app.patch(
    '/org-units/:id',
    {
      schema: { tags: ['users'], params: idParam, body: unitBody.partial(), response: { 200: unitSchema, ...errors } },
    },
    async (request) => saveUnit(ctxOf(request), request.params.id, request.body),
  );
};
