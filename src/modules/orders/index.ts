import { defineModule } from '../manifest.ts';
import { ordersMover, ordersSection, ordersTimeline } from './extensions.ts';
import { recomputeFigures } from './recompute.ts';
import { ordersRoutes } from './routes.ts';

/**
 * Products, orders, lines, returns and purchase figures. Orders are read with the customer (customer.read),
 * recorded under customer.update, the catalogue changed and the figures recomputed under settings.manage: no
 * permissions of its own.
 */
export const ordersModule = defineModule({
  name: 'orders',
  routes: [ordersRoutes],
  fileSections: [ordersSection],
  timelineProviders: [ordersTimeline],
  mergeMovers: [ordersMover],
  jobs: [recomputeFigures],
});
