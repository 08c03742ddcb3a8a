import { z } from 'zod';
import { makeCtx } from '../../core/context.ts';
import { type Actor, allows, permissionNames, ROLES } from '../../core/policy.ts';
import { withTenant } from '../../db/tenant.ts';
import { afterReply } from '../../http/after-reply.ts';
import { ctxOf, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { email, errors, idParam, instant, name, password } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { tenantSchema } from '../tenants/routes.ts';
import { getTenant } from '../tenants/service.ts';
import { userSchema } from '../users/routes.ts';
import { getUser, loadReach } from '../users/service.ts';
import { csrfFor } from './secrets.ts';
import {
  changePassword,
  createToken,
  issueUserToken,
  listSessions,
  listTokens,
  login,
  redeemUserToken,
  revokeSession,
  revokeToken,
  SESSION_DAYS,
  usersByEmail,
} from './service.ts';

const tokenSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  tenantId: z.uuid(),
});

const meSchema = z.object({
  user: userSchema,
  tenant: tenantSchema,
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']),
  permissions: z.array(z.string()),
});

/** The /me answer; sign-in answers the same. */
function meBody(
  actor: Actor,
  user: z.infer<typeof userSchema>,
  tenant: z.infer<typeof tenantSchema>,
  sessionId: string | null,
  secret: string,
): z.infer<typeof meSchema> {
  return {
    user,
    tenant,
    csrfToken: sessionId ? csrfFor(secret, sessionId) : null,
    via: actor.kind === 'token' ? 'token' : 'session',
    permissions: permissionNames().filter((a) => allows(actor, a)),
  };
}

/** Login attempts per client address and email: slows guessing without locking out the real user for long. */
const LOGIN_LIMIT = { max: 10, timeWindow: '1 minute' };

export const authRoutes: RoutePlugin = (app, deps) => {
  const db = deps.database.db;

  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          ...LOGIN_LIMIT,
          hook: 'preHandler',
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: z.strictObject({ email, password: z.string().min(1).max(200), tenant: z.string().max(100).optional() }),
        response: { 200: meSchema, ...errors },
      },
    },
    async (request, reply) => {
      const s = await login(
        db,
        { ...request.body, userAgent: request.headers['user-agent'], ip: request.ip },
        deps.clock,
      );
      setSessionCookie(request, reply, s.cookieSecret, SESSION_DAYS * 86400);
      const ctx = makeCtx(db, s.actor, request.id, loadReach, deps.clock);
      const [user, tenant] = [await getUser(ctx, s.actor.userId), await getTenant(ctx)];
      return meBody(s.actor, user, tenant, s.sessionId, deps.config.sessionSecret);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      if (request.sessionId) await revokeSession(ctx, request.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who I am, my tenant, my CSRF token and permissions',
        response: { 200: meSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const principal = request.principal!;
      // /me runs on every page load: built once per cached principal (auth cache, a few seconds). A ready JSON
      // string skips the serializer; meBody's return type checks its shape.
      principal.meJson ??= JSON.stringify(
        meBody(ctx.actor, principal.user, principal.tenant, request.sessionId, deps.config.sessionSecret),
      );
      return reply.type('application/json; charset=utf-8').send(principal.meJson as never);
    },
  );

  const sessionSchema = z.object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.date(),
    lastSeenAt: z.date(),
    expiresAt: z.date(),
    current: z.boolean(),
  });
  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'My signed-in sessions',
        response: { 200: z.object({ data: z.array(sessionSchema) }), ...errors },
      },
    },
    async (request) => ({
      data: await listSessions(ctxOf(request), request.sessionId ?? undefined),
    }),
  );
  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out one of my sessions',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await revokeSession(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password (signs out my other sessions)',
        body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(
        ctxOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.sessionId ?? undefined,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true, rateLimit: { max: 5, timeWindow: '15 minutes', hook: 'preHandler' } },
      schema: {
        tags: ['auth'],
        summary: 'Email a password-reset link (always 202: existence is not revealed)',
        body: z.strictObject({ email }),
        response: { 202: z.object({ mailEnabled: z.boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      // Answer first, then look the address up and mail: a known and an unknown address take the same time.
      // (The mail outbox of the jobs engine will carry this; until then it is work after the answer.)
      const { email } = request.body;
      const origin = `${request.protocol}://${request.host}`;
      afterReply(request.log, async () => {
        for (const u of await usersByEmail(db, email)) {
          const secret = await withTenant(db, u.tenantId, (tx) =>
            issueUserToken(tx, u.tenantId, u.id, 'reset', deps.clock.now()),
          );
          await deps.mailer.send({
            tenantId: u.tenantId,
            kind: 'password_reset',
            to: u.email,
            subject: 'Granary password reset',
            text: `Hello ${u.name},\n\nOpen this link within 2 hours to choose a new password:\n${origin}/reset-password?token=${secret}\n\nIf you did not ask for this, ignore this mail.`,
          });
        }
      });
      return reply.code(202).send({ mailEnabled: deps.mailer.enabled });
    },
  );
  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute', hook: 'preHandler' } },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset or invitation link',
        body: z.strictObject({ token: z.string().min(10).max(200), password }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await redeemUserToken(db, request.body.token, request.body.password, deps.clock);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'API tokens (admins: all; others: their own)',
        response: { 200: z.object({ data: z.array(tokenSchema) }), ...errors },
      },
    },
    async (request) => ({
      data: await listTokens(ctxOf(request)),
    }),
  );
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is shown only in this response',
        body: z.strictObject({
          name,
          role: z.enum(ROLES).optional(),
          expiresAt: instant.nullable().optional(),
        }),
        response: { 201: tokenSchema.extend({ token: z.string() }), ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(ctxOf(request), request.body)),
  );
  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await revokeToken(ctxOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
