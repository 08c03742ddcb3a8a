ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_token_hash_unique";--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_token_hash_unique";--> statement-breakpoint
ALTER TABLE "user_tokens" DROP CONSTRAINT "user_tokens_token_hash_unique";--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "legacy_format" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "legacy_format" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_tokens" ADD COLUMN "legacy_format" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Every secret issued so far names no tenant: found by its hash alone until it expires or is rotated.
UPDATE "api_tokens" SET "legacy_format" = true;--> statement-breakpoint
UPDATE "sessions" SET "legacy_format" = true;--> statement-breakpoint
UPDATE "user_tokens" SET "legacy_format" = true;--> statement-breakpoint
CREATE INDEX "api_tokens_legacy_token_hash_idx" ON "api_tokens" USING btree ("token_hash") WHERE "api_tokens"."legacy_format";--> statement-breakpoint
CREATE INDEX "sessions_legacy_token_hash_idx" ON "sessions" USING btree ("token_hash") WHERE "sessions"."legacy_format";--> statement-breakpoint
CREATE INDEX "user_tokens_legacy_token_hash_idx" ON "user_tokens" USING btree ("token_hash") WHERE "user_tokens"."legacy_format";--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_token_hash_uq" UNIQUE("tenant_id","token_hash");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_token_hash_uq" UNIQUE("tenant_id","token_hash");--> statement-breakpoint
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_tenant_token_hash_uq" UNIQUE("tenant_id","token_hash");