ALTER TABLE "customers" ADD COLUMN "primary_phone" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "primary_email" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "city" text;--> statement-breakpoint
-- Existing customers: the same choice as customers/summary.ts makes on every write (primary first, then oldest).
UPDATE "customers" c SET
  "primary_phone" = (select x.value from customer_channels x where x.tenant_id = c.tenant_id and x.customer_id = c.id and x.kind = 'phone' order by x.is_primary desc, x.created_at, x.id limit 1),
  "primary_email" = (select x.value from customer_channels x where x.tenant_id = c.tenant_id and x.customer_id = c.id and x.kind = 'email' order by x.is_primary desc, x.created_at, x.id limit 1),
  "city" = (select x.city from customer_addresses x where x.tenant_id = c.tenant_id and x.customer_id = c.id order by x.is_primary desc, x.created_at, x.id limit 1)
WHERE EXISTS (select 1 from customer_channels x where x.tenant_id = c.tenant_id and x.customer_id = c.id)
   OR EXISTS (select 1 from customer_addresses x where x.tenant_id = c.tenant_id and x.customer_id = c.id);
