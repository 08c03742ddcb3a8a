import type { LocalSubscriber } from '../../core/events.ts';
import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { forgetCachedAuth } from './cache.ts';
import { authRoutes } from './routes.ts';

const permissions = {
  /** Own API tokens (all of the business's with user.manage). */
  'token.manage': { owner: 'all', admin: 'all', manager: 'own', sales: 'own', service: 'own' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** A principal (who a cookie or token acts as, with the user and tenant rows of /me) may have changed. */
const principalCache: LocalSubscriber = {
  types: [
    'user.updated',
    'user.role_changed',
    'user.deactivated',
    'user.reactivated',
    'session.revoked',
    'token.revoked',
    'tenant.updated',
  ],
  handle: () => forgetCachedAuth(),
};

/** Sign-in, sessions, API tokens, one-time links; the principal cache. */
export const authModule = defineModule({
  name: 'auth',
  routes: [authRoutes],
  permissions,
  subscribers: { local: [principalCache] },
});
