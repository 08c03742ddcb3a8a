import { z } from 'zod';
import { ctxOf } from '../../http/auth.ts';
import { errors, idParam, pageOf, pageQuery } from '../../http/schemas.ts';
import type { RoutePlugin } from '../../http/types.ts';
import { KIND_NAMES } from './messages.ts';
import { getPreferences, listNotifications, markAllRead, markRead, setPreferences, unreadCount } from './service.ts';

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  link: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

const prefsSchema = z.object({
  kinds: z.array(z.object({ kind: z.enum(KIND_NAMES), email: z.boolean() })).max(50),
});
const prefsOut = prefsSchema.extend({
  mailEnabled: z.boolean().describe('whether this server sends mail at all (SMTP_URL); without it the choices wait'),
});

/** The signed-in user's notification centre (the bell) and their e-mail choices per kind. */
export const notificationsRoutes: RoutePlugin = (app, deps) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first, with the unread count',
        querystring: z.object({
          ...pageQuery,
          limit: z.coerce.number().int().min(1).max(100).default(20),
          unread: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: pageOf(notificationSchema).extend({ unread: z.number() }), ...errors },
      },
    },
    async (request) => listNotifications(ctxOf(request), { ...request.query, unread: request.query.unread === 'true' }),
  );
  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications are unread (the bell polls this)',
        response: { 200: z.object({ unread: z.number() }), ...errors },
      },
    },
    async (request) => ({ unread: await unreadCount(ctxOf(request)) }),
  );
  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParam } },
    async (request, reply) => {
      await markRead(ctxOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ marked: z.number() }), ...errors },
      },
    },
    async (request) => ({ marked: await markAllRead(ctxOf(request)) }),
  );
  app.get(
    '/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Which kinds also reach me by e-mail',
        response: { 200: prefsOut, ...errors },
      },
    },
    async (request) => ({ kinds: await getPreferences(ctxOf(request)), mailEnabled: deps.mailer.enabled }),
  );
  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Choose which kinds also reach me by e-mail',
        body: prefsSchema,
        response: { 200: prefsOut, ...errors },
      },
    },
    async (request) => ({
      kinds: await setPreferences(ctxOf(request), request.body.kinds),
      mailEnabled: deps.mailer.enabled,
    }),
  );
};
