ALTER TABLE "job_cards" ADD COLUMN "pan_psn_digest" text;--> statement-breakpoint
CREATE INDEX "job_cards_pan_psn_digest_idx" ON "job_cards" USING btree ("pan_psn_digest");