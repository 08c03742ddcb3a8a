import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Clock } from '../core/clock.ts';
import type { Engine } from '../core/jobs/engine.ts';
import type { Mailer } from '../core/mail/mailer.ts';
import type { Database } from '../db/client.ts';

/** The types a module's routes need from the HTTP layer, apart from the app that mounts them (src/http/app.ts). */
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
  /** The server's job engine; without one, buildApp makes one that only enqueues (tests). */
  engine?: Engine;
  /** "Now" for every request's context; the system clock unless a test stands it still. */
  clock?: Clock;
  /** Directory with the built SPA; served at / when present. */
  webDir?: string;
}

/** What a route plugin gets: the deps with the clock and the job engine filled in. */
export type RouteDeps = AppDeps & { clock: Clock; engine: Engine };

export type RoutePlugin = (app: ZApp, deps: RouteDeps) => Promise<void> | void;
