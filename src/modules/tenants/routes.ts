import { z } from 'zod';
import { csrfToken, ctxOf, setSessionCookie } from '../../http/auth.ts';
import { email, errors, name, password } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { login, SESSION_DAYS } from '../auth/service.ts';
import { createDemo } from '../demo/service.ts';
import { currencySchema, localeSchema, regionSchema, timezoneSchema } from './rules.ts';
import { createTenant, findTenant, getTenant, needsSetup, updateTenant } from './service.ts';

export const tenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  currency: z.string(),
  timezone: z.string(),
  phoneRegion: z.string(),
  locale: z.string(),
  showDuplicateOwner: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const setupBody = z.strictObject({
  tenant: z.strictObject({
    name,
    locale: localeSchema,
    currency: currencySchema.optional(),
    timezone: timezoneSchema.optional(),
    region: regionSchema.optional(),
  }),
  owner: z.strictObject({ name, email, password }),
});

/** Small enough to load in about a second on the embedded database, big enough that lists, search and reports show. */
const SETUP_DEMO = { customers: 300, orders: 900 };

export const tenantRoutes: RoutePlugin = (app, deps) => {
  app.get(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Whether first-run setup is still needed',
        response: { 200: z.object({ needed: z.boolean() }) },
      },
    },
    async () => ({ needed: await needsSetup(deps.database.db) }),
  );

  app.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Create the first tenant and its owner (only while none exists); signs the owner in',
        body: setupBody,
        response: { 201: z.object({ tenant: tenantSchema, csrfToken: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant } = await createTenant(deps.database.db, request.body, true);
      const s = await login(
        deps.database.db,
        {
          email: request.body.owner.email,
          password: request.body.owner.password,
          tenant: tenant.slug,
          userAgent: request.headers['user-agent'],
          ip: request.ip,
        },
        deps.clock,
      );
      setSessionCookie(request, reply, s.cookieSecret, SESSION_DAYS * 86400);
      return reply.code(201).send({ tenant, csrfToken: csrfToken(deps.config.sessionSecret, s.sessionId) });
    },
  );

  app.post(
    '/setup/demo',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Explore with demo data: create a small demo business (only while none exists); signs its owner in',
        description:
          'For the setup page, so nobody needs a second terminal for `granary demo` (which the embedded database refuses while the server runs).',
        body: z.strictObject({ locale: localeSchema.optional() }),
        response: {
          201: z.object({ tenant: tenantSchema, csrfToken: z.string(), email: z.string(), password: z.string() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const locale = request.body.locale ?? 'zh-CN';
      const demo = await createDemo(deps.database, {
        ...SETUP_DEMO,
        locale: locale === 'zh-CN' ? 'zh' : locale,
        seed: Date.now() % 100_000,
        onlyIfEmpty: true,
      });
      const s = await login(
        deps.database.db,
        {
          email: demo.email,
          password: demo.password,
          tenant: demo.slug,
          userAgent: request.headers['user-agent'],
          ip: request.ip,
        },
        deps.clock,
      );
      setSessionCookie(request, reply, s.cookieSecret, SESSION_DAYS * 86400);
      return reply.code(201).send({
        tenant: (await findTenant(deps.database.db, demo.tenantId))!,
        csrfToken: csrfToken(deps.config.sessionSecret, s.sessionId),
        email: demo.email,
        password: demo.password,
      });
    },
  );

  app.get(
    '/tenant',
    { schema: { tags: ['tenant'], summary: 'The business profile', response: { 200: tenantSchema, ...errors } } },
    async (request) => getTenant(ctxOf(request)),
  );

  app.patch(
    '/tenant',
    {
      schema: {
        tags: ['tenant'],
        summary: 'Change the business profile',
        body: z.strictObject({
          name: name.optional(),
          currency: currencySchema.optional(),
          timezone: timezoneSchema.optional(),
          phoneRegion: regionSchema.optional(),
          locale: localeSchema.optional(),
          showDuplicateOwner: z.boolean().optional(),
        }),
        response: { 200: tenantSchema, ...errors },
      },
    },
    async (request) => updateTenant(ctxOf(request), request.body),
  );
};
