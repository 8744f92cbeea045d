ALTER TABLE "linkedin_accounts" ALTER COLUMN "credentials_encrypted" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ADD COLUMN "login_fingerprint" text;--> statement-breakpoint
ALTER TABLE "linkedin_accounts" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "linkedin_accounts_login_fingerprint_unique" ON "linkedin_accounts" USING btree ("login_fingerprint");--> statement-breakpoint
-- Where two live accounts already share a member, the later one forgets the slug: its next login learns it again and is refused.
UPDATE "linkedin_accounts" AS "later" SET "profile_slug" = NULL WHERE "later"."profile_slug" IS NOT NULL AND "later"."deleted_at" IS NULL AND EXISTS (SELECT 1 FROM "linkedin_accounts" AS "earlier" WHERE lower("earlier"."profile_slug") = lower("later"."profile_slug") AND "earlier"."deleted_at" IS NULL AND ("earlier"."created_at", "earlier"."id") < ("later"."created_at", "later"."id"));--> statement-breakpoint
CREATE UNIQUE INDEX "linkedin_accounts_profile_slug_unique" ON "linkedin_accounts" USING btree (lower("profile_slug")) WHERE "linkedin_accounts"."deleted_at" is null;