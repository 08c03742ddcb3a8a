import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { auditRoutes } from './routes.ts';

const permissions = {
  'audit.read': { owner: 'all', admin: 'all' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** The append-only audit log (written by every module in its own transaction). */
export const auditModule = defineModule({ name: 'audit', routes: [auditRoutes], permissions });
