import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { type Ctx, makeCtx } from '../core/context.ts';
import { Unauthorized } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import type { Principal } from '../modules/auth/cache.ts';
import { csrfFor, safeEqual } from '../modules/auth/secrets.ts';
import { principalFromSession, principalFromToken } from '../modules/auth/service.ts';
import { loadReach } from '../modules/users/service.ts';
import { sendProblem } from './problem.ts';

export const SESSION_COOKIE = 'granary_session';

declare module 'fastify' {
  interface FastifyRequest {
    ctxOrNull: Ctx | null;
    sessionId: string | null;
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (setup, login, health, docs). */
    public?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session, which every state-changing request of it must send as `x-csrf-token`. */
export const csrfToken = (secret: string, sessionId: string): string => csrfFor(secret, sessionId);

/** The signed-in context; routes that are not public can rely on it. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.ctxOrNull) throw new Unauthorized();
  return request.ctxOrNull;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

/**
 * Resolves cookie or bearer token into a request context before any /api route runs. Never trusts the client
 * for tenant, owner or role: all three come from the session or token row.
 */
export function installAuth(app: FastifyInstance, database: Database, secret: string, clock: Clock): void {
  app.decorateRequest('ctxOrNull', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/')) return;
    // No matching route: let the 404 handler answer rather than asking to sign in.
    if (!request.routeOptions.url) return;
    const isPublic = request.routeOptions.config?.public === true;
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = m ? await principalFromToken(database.db, m[1], clock) : undefined;
      if (!principal) return sendProblem(reply, 401, 'invalid_token', 'The API token is unknown, revoked or expired.');
      request.principal = principal;
      request.ctxOrNull = makeCtx(database.db, principal.actor, request.id, loadReach, clock);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const found = cookie ? await principalFromSession(database.db, cookie, clock) : undefined;
    if (found?.sessionId) {
      request.principal = found;
      request.ctxOrNull = makeCtx(database.db, found.actor, request.id, loadReach, clock);
      request.sessionId = found.sessionId;
      if (!SAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, csrfFor(secret, found.sessionId)))
          return sendProblem(
            reply,
            403,
            'csrf_failed',
            'Missing or wrong x-csrf-token header. Reload the page and try again.',
          );
      }
      return;
    }
    if (!isPublic) return sendProblem(reply, 401, 'unauthorized', 'Sign in first.');
  });
}
