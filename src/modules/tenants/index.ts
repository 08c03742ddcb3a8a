import type { LocalSubscriber } from '../../core/events.ts';
import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { tenantRoutes } from './routes.ts';
import { forgetTenantSettings } from './service.ts';

const permissions = {
  /** The business profile: name, currency, time zone, region, language. */
  'tenant.manage': { owner: 'all', admin: 'all' },
  /** The business's lists, custom fields and product catalogue. */
  'settings.manage': { owner: 'all', admin: 'all' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** The cached tenant settings (currency, zone, phone region) are read again after a change commits. */
const settingsCache: LocalSubscriber = { types: ['tenant.updated'], handle: (e) => forgetTenantSettings(e.tenantId) };

/** Businesses, first-run setup, language defaults. */
export const tenantsModule = defineModule({
  name: 'tenants',
  routes: [tenantRoutes],
  permissions,
  subscribers: { local: [settingsCache] },
});
