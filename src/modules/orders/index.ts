import { defineModule } from '../manifest.ts';
import { ordersMover, ordersSection, ordersTimeline } from './extensions.ts';
import { ordersRoutes } from './routes.ts';

/**
 * Products, orders, lines, returns and purchase figures. Orders are read with the customer (customer.read),
 * recorded under customer.update, the catalogue changed under settings.manage: no permissions of its own.
 */
export const ordersModule = defineModule({
  name: 'orders',
  routes: [ordersRoutes],
  fileSections: [ordersSection],
  timelineProviders: [ordersTimeline],
  mergeMovers: [ordersMover],
});
