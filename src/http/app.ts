import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { systemClock } from '../core/clock.ts';
import { MODULES } from '../modules/index.ts';
import { installModules, moduleEngine } from '../modules/install.ts';
import type { ModuleManifest } from '../modules/manifest.ts';
import { settleAfterReply } from './after-reply.ts';
import { installAuth } from './auth.ts';
import { installHeaders, staticCacheControl } from './headers.ts';
import { installProblemHandlers, sendProblem } from './problem.ts';
import { serializerCompiler } from './serializer.ts';
import { installTextGuard } from './text-guard.ts';
import type { App, AppDeps, RouteDeps, RoutePlugin } from './types.ts';

export interface BuildOptions extends AppDeps {
  logger?: FastifyBaseLogger | boolean;
  /** The modules to install and mount (default: all of src/modules/index.ts; a test may add one of its own). */
  modules?: readonly ModuleManifest[];
  extraRoutes?: RoutePlugin[];
}

/** Request ids unique across processes (a random prefix per start) yet cheap: a counter, not a UUID per request. */
const bootId = randomBytes(6).toString('hex');
let requestSeq = 0;
const nextRequestId = () => `${bootId}-${(++requestSeq).toString(36)}`;

export async function buildApp(opts: BuildOptions): Promise<App> {
  const modules = opts.modules ?? MODULES;
  installModules(modules);
  const clock = opts.clock ?? systemClock;
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
  // An app built without the server's engine (a test) still queues work: its runs wait for a worker.
  let engine = opts.engine;
  if (!engine) {
    const own = moduleEngine(opts.database, modules, app.log as unknown as Logger, { work: false });
    await own.start();
    app.addHook('onClose', () => own.stop());
    engine = own;
  }
  const deps: RouteDeps = { ...opts, clock, engine };
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
  installAuth(app, opts.database, opts.config.sessionSecret, clock);

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
      const routes = [...modules.flatMap((m) => m.routes ?? []), ...(opts.extraRoutes ?? [])];
      for (const plugin of routes) await plugin(z, deps);
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
