CREATE INDEX "customers_tags_gin" ON "customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "customers_custom_gin" ON "customers" USING gin ("custom" jsonb_path_ops);