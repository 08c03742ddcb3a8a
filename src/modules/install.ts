import { installOutboxWriter, subscribeDurable, subscribeLocal } from '../core/events.ts';
import { writeOutbox } from '../core/outbox/outbox.ts';
import { installPermissions } from '../core/policy.ts';
import { installFileParts } from './customers/service.ts';
import type { ModuleManifest } from './manifest.ts';

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
