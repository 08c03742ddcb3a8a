import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import { jobsRoutes } from './routes.ts';

const permissions = {
  /** See every background run and the mail log, retry dead runs, cancel anyone's. */
  'jobs.manage': { owner: 'all', admin: 'all' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** Background runs as resources and the mail log (the engine itself is src/core/jobs, src/core/mail). */
export const jobsModule = defineModule({ name: 'jobs', routes: [jobsRoutes], permissions });
