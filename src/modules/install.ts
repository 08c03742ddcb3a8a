import type { Logger } from 'pino';
import { installOutboxWriter, subscribeDurable, subscribeLocal } from '../core/events.ts';
import { Engine, type EngineOptions } from '../core/jobs/engine.ts';
import { writeOutbox } from '../core/outbox/outbox.ts';
import { installPermissions } from '../core/policy.ts';
import type { Database } from '../db/client.ts';
import { installFileParts } from './customers/service.ts';
import type { ModuleManifest } from './manifest.ts';
import { tenantZones } from './tenants/service.ts';

const installed = new Set<ModuleManifest>();

/**
 * Installs what the modules declare that lives in this process: their permissions (the role table), the customer
 * file's sections, timeline providers and merge movers, and their local event subscribers. Idempotent: a module
 * already installed is skipped, so the server, the CLI and every test app may call it with the same list (and a
 * test may add a module of its own). Routes are mounted by buildApp; jobs, crons and durable subscribers are the
 * job engine's (src/core/jobs).
 */
export function installModules(modules: readonly ModuleManifest[]): void {
  installOutboxWriter(writeOutbox);
  const names = new Set([...installed].map((m) => m.name));
  for (const m of modules) {
    if (installed.has(m)) continue;
    if (names.has(m.name)) throw new Error(`two modules are named ${m.name}`);
    installPermissions(m.permissions ?? {});
    installFileParts({ sections: m.fileSections, providers: m.timelineProviders, movers: m.mergeMovers });
    if (m.subscribers?.local?.length) subscribeLocal(...m.subscribers.local);
    // Registered wherever events are emitted (server, CLI, tests), so the outbox rows are written in the
    // emitting transaction; the job engine delivers them.
    if (m.subscribers?.durable?.length) subscribeDurable(...m.subscribers.durable);
    installed.add(m);
    names.add(m.name);
  }
}

/**
 * The job engine for these modules: their jobs and crons, tenants' time zones from the tenants service. The
 * server runs it with workers; an app built without one (tests) gets one that only enqueues (`work: false`).
 */
export function moduleEngine(
  database: Database,
  modules: readonly ModuleManifest[],
  logger: Logger,
  options: Partial<Omit<EngineOptions, 'database' | 'logger' | 'jobs' | 'zones'>> = {},
): Engine {
  return new Engine({
    database,
    logger,
    jobs: modules.flatMap((m) => m.jobs ?? []),
    crons: modules.flatMap((m) => m.crons ?? []),
    zones: tenantZones(database.db),
    ...options,
  });
}
