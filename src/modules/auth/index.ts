import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { authRoutes } from './routes.ts';

const permissions = {
  /** Own API tokens (all of the business's with user.manage). */
  'token.manage': { owner: 'all', admin: 'all', manager: 'own', sales: 'own', service: 'own' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** Sign-in, sessions, API tokens, one-time links; the principal cache. */
export const authModule = defineModule({ name: 'auth', routes: [authRoutes], permissions });
