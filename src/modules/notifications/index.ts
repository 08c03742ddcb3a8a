import { defineModule } from '../manifest.ts';
import { notificationsRoutes } from './routes.ts';
import { notifier } from './service.ts';

/**
 * The notification centre: hears task assignments, customer handovers and finished or dead background runs
 * through the outbox (at least once, deduplicated per event), and mails those a user chose to get by e-mail.
 * Every user reads only their own notifications, so no permission is declared.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  routes: [notificationsRoutes],
  subscribers: { durable: [notifier] },
});
