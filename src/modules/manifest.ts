import type { DurableSubscriber, LocalSubscriber } from '../core/events.ts';
import type { CronDefinition, JobDefinition } from '../core/jobs/define.ts';
import type { PermissionDeclarations } from '../core/policy.ts';
import type { RoutePlugin } from '../http/types.ts';
import type { FileSection, MergeMover, TimelineProvider } from './customers/file-parts.ts';

/**
 * What a module adds to Granary, declared in its `index.ts` and listed in `src/modules/index.ts`. Nothing is added
 * by importing a file for its side effects: the app mounts `routes`, installModules (src/modules/install.ts) builds
 * the permission table, hands the customer file its parts and subscribes the local subscribers; the job engine
 * takes `jobs`, `crons` and the durable subscribers.
 */
export interface ModuleManifest {
  /** Unique, the module's directory name. */
  name: string;
  /** Mounted under /api/v1. */
  routes?: readonly RoutePlugin[];
  /**
   * The permissions this module checks, each with its default data scope per role (a role left out does not hold
   * it). Their names are also added to `Permissions` in src/core/policy.ts by declaration merging.
   */
  permissions?: PermissionDeclarations;
  /** Sections of the customer file (GET /customers/:id/360), each read under its own permission. */
  fileSections?: readonly FileSection[];
  /** Entries of the customer timeline, each read under its own permission. */
  timelineProviders?: readonly TimelineProvider[];
  /** Moves this module's rows along when two customers are merged, and back on undo. */
  mergeMovers?: readonly MergeMover[];
  jobs?: readonly JobDefinition[];
  crons?: readonly CronDefinition[];
  subscribers?: { local?: readonly LocalSubscriber[]; durable?: readonly DurableSubscriber[] };
}

/** Checks a manifest's shape and keeps its literal types (the permission names for `Declared<…>`). */
export const defineModule = <const M extends ModuleManifest>(manifest: M): M => manifest;
