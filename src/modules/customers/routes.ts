import type { RoutePlugin } from '../../http/app.ts';

export const customersRoutes: RoutePlugin = () => {};
