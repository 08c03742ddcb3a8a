import { auditModule } from './audit/index.ts';
import { authModule } from './auth/index.ts';
import { customersModule } from './customers/index.ts';
import { demoModule } from './demo/index.ts';
import { interactionsModule } from './interactions/index.ts';
import { jobsModule } from './jobs/index.ts';
import type { ModuleManifest } from './manifest.ts';
import { notificationsModule } from './notifications/index.ts';
import { ordersModule } from './orders/index.ts';
import { tenantsModule } from './tenants/index.ts';
import { usersModule } from './users/index.ts';

/**
 * Every module of Granary. The app mounts their routes (src/http/app.ts), installModules builds the permission
 * table, the customer file's parts and the local subscribers from them (src/modules/install.ts), the job engine
 * runs their jobs, crons and durable subscribers. A new module adds its manifest here and touches nothing else.
 */
export const MODULES: readonly ModuleManifest[] = [
  tenantsModule,
  authModule,
  usersModule,
  auditModule,
  customersModule,
  ordersModule,
  interactionsModule,
  demoModule,
  jobsModule,
  notificationsModule,
];
