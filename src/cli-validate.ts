import { z } from 'zod';
import { email, name, password } from './http/schemas.ts';
import { currencySchema, localeSchema, regionSchema, timezoneSchema } from './modules/tenants/rules.ts';

/** The same rules as the setup page, for `granary setup`. */
export const tenantSchemaForCli = z.object({
  tenant: z.object({
    name,
    locale: localeSchema,
    currency: currencySchema.optional(),
    timezone: timezoneSchema.optional(),
    region: regionSchema.optional(),
  }),
  owner: z.object({ name, email, password }),
});
