import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { changesTimeline } from './profile.ts';
import { customersRoutes } from './routes.ts';

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

/** Customers, contacts, picklists, custom fields, search, duplicates and merge; the file other modules add to. */
export const customersModule = defineModule({
  name: 'customers',
  routes: [customersRoutes],
  permissions,
  timelineProviders: [changesTimeline],
});
