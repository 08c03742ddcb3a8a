import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { userRoutes } from './routes.ts';

const permissions = {
  'user.read': { owner: 'all', admin: 'all', manager: 'all', sales: 'all', service: 'all' },
  'user.manage': { owner: 'all', admin: 'all' },
  /** Departments and teams. */
  'org.manage': { owner: 'all', admin: 'all' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** Users, departments and teams, reach. */
export const usersModule = defineModule({ name: 'users', routes: [userRoutes], permissions });
