import type { RoutePlugin } from '../../http/app.ts';

export const interactionsRoutes: RoutePlugin = () => {};
