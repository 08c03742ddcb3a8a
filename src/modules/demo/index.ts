import { defineModule } from '../manifest.ts';
import { demoRoutes } from './routes.ts';

/** `granary demo` and the setup page's demo business; the local channel a CLI beside a running server uses. */
export const demoModule = defineModule({ name: 'demo', routes: [demoRoutes] });
