import type { RoutePlugin } from '../../http/app.ts';

export const ordersRoutes: RoutePlugin = () => {};
