import type { Declared, PermissionDeclarations } from '../../core/policy.ts';
import { defineModule } from '../manifest.ts';
import {
  interactionsMover,
  interactionsSection,
  interactionsTimeline,
  tasksMover,
  tasksSection,
  tasksTimeline,
} from './extensions.ts';
import { interactionsRoutes } from './routes.ts';

const permissions = {
  'interaction.read': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'all' },
  'interaction.create': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'all' },
  'interaction.update': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'own' },
  'task.read': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'own' },
  'task.manage': { owner: 'all', admin: 'all', manager: 'department', sales: 'own', service: 'own' },
} as const satisfies PermissionDeclarations;

declare module '../../core/policy.ts' {
  interface Permissions extends Declared<typeof permissions> {}
}

/** The sales diary, tasks and My day. */
export const interactionsModule = defineModule({
  name: 'interactions',
  routes: [interactionsRoutes],
  permissions,
  fileSections: [interactionsSection, tasksSection],
  timelineProviders: [interactionsTimeline, tasksTimeline],
  mergeMovers: [interactionsMover, tasksMover],
});
