import type { LocalSubscriber } from '../../core/events.ts';
import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { forgetFile, forgetFiles } from './file-cache.ts';
import { changesTimeline } from './profile.ts';
import { customersRoutes } from './routes.ts';
import { forgetSettings } from './settings.ts';

/** Who may do what with customer files, by default (a role left out does not hold the permission). */
const permissions = {
  'customer.read': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'all' },
  'customer.create': { owner: 'all', admin: 'all', manager: 'all', sales: 'all', service: 'all' },
  'customer.update': { owner: 'all', admin: 'all', manager: 'department', sales: 'own' },
  'customer.archive': { owner: 'all', admin: 'all', manager: 'department', sales: 'own' },
  'customer.merge': { owner: 'all', admin: 'all', manager: 'department' },
  /** Changing several files at once (a new owner for a selection). */
  'customer.bulk': { owner: 'all', admin: 'all', manager: 'department', sales: 'own' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/**
 * The file cache forgets after a commit: a change to a customer's own figures (a diary entry's last contact, an
 * order's purchase figures) forgets that file alone; anything a file shows of others (names, owners, links,
 * merges) forgets the tenant's files.
 */
const ONE_FILE = new Set(['customer.contacted', 'customer.purchases_changed']);
const fileCache: LocalSubscriber = {
  types: [
    ...ONE_FILE,
    'customer.updated',
    'customer.archived',
    'customer.restored',
    'customer.owner_changed',
    'customer.merged',
    'customer.merge_undone',
    'contact.changed',
  ],
  handle: (e) => (ONE_FILE.has(e.type) && e.entityId ? forgetFile(e.tenantId, e.entityId) : forgetFiles(e.tenantId)),
};

/** The lists and field definitions customer writes validate against. */
const settingsCache: LocalSubscriber = {
  types: ['picklist_item.created', 'picklist_item.updated', 'custom_field.created', 'custom_field.updated'],
  handle: (e) => forgetSettings(e.tenantId),
};

/** Customers, contacts, picklists, custom fields, search, duplicates and merge; the file other modules add to. */
export const customersModule = defineModule({
  name: 'customers',
  routes: [customersRoutes],
  permissions,
  timelineProviders: [changesTimeline],
  subscribers: { local: [fileCache, settingsCache] },
});
