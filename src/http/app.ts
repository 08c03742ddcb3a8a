import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { customersRoutes } from '../modules/customers/routes.ts';
import { interactionsRoutes } from '../modules/interactions/routes.ts';
import { ordersRoutes } from '../modules/orders/routes.ts';
import { tenantRoutes } from '../modules/tenants/routes.ts';
import { userRoutes } from '../modules/users/routes.ts';
import { settleAfterReply } from './after-reply.ts';
import { installAuth } from './auth.ts';
import { installHeaders, staticCacheControl } from './headers.ts';
import type { Mailer } from './mailer.ts';
import { installProblemHandlers, sendProblem } from './problem.ts';
import { serializerCompiler } from './serializer.ts';
import { installTextGuard } from './text-guard.ts';

export type App = FastifyInstance;
export type ZApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every route plugin receives besides the Fastify instance. */
export interface AppDeps {
  database: Database;
  config: Pick<Config, 'sessionSecret' | 'trustProxy'>;
  mailer: Mailer;
  /** Directory with the built SPA; served at / when present. */
  webDir?: string;
}

export type RoutePlugin = (app: ZApp, deps: AppDeps) => Promise<void> | void;

/** Modules register here; order does not matter. */
const MODULE_ROUTES: RoutePlugin[] = [
  tenantRoutes,
  authRoutes,
  userRoutes,
  auditRoutes,
  customersRoutes,
  ordersRoutes,
  interactionsRoutes,
];

export interface BuildOptions extends AppDeps {
  logger?: FastifyBaseLogger | boolean;
  extraRoutes?: RoutePlugin[];
}

/** Request ids unique across processes (a random prefix per start) yet cheap: a counter, not a UUID per request. */
const bootId = randomBytes(6).toString('hex');
let requestSeq = 0;
const nextRequestId = () => `${bootId}-${(++requestSeq).toString(36)}`;

export async function buildApp(opts: BuildOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: typeof opts.logger === 'object' ? opts.logger : undefined,
    logger: typeof opts.logger === 'boolean' ? opts.logger : undefined,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : nextRequestId();
    },
    trustProxy: opts.config.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installHeaders(app);
  app.addHook('onClose', async () => settleAfterReply());
  installTextGuard(app);
  installProblemHandlers(app);

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Granary API', version: '1', description: 'Customer files, membership and loyalty.' },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: 'granary_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  installAuth(app, opts.database, opts.config.sessionSecret);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await opts.database.ping();
      return { status: 'ready', database: opts.database.kind };
    } catch {
      reply.header('retry-after', '5');
      return sendProblem(reply, 503, 'database_unavailable', 'The database is not reachable.');
    }
  });

  await app.register(
    async (api) => {
      const z = api.withTypeProvider<ZodTypeProvider>();
      z.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
      for (const plugin of [...MODULE_ROUTES, ...(opts.extraRoutes ?? [])]) await plugin(z, opts);
    },
    { prefix: '/api/v1' },
  );

  if (opts.webDir && existsSync(opts.webDir)) {
    await app.register(fastifyStatic, {
      root: opts.webDir,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => res.setHeader('cache-control', staticCacheControl(path)),
    });
    // Client-side routes: any non-API GET that is not a file gets the SPA shell.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) return sendProblem(reply, 404, 'not_found', 'No such API route.');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
