ALTER TYPE "public"."job_status" ADD VALUE 'validated';--> statement-breakpoint
ALTER TYPE "public"."job_status" ADD VALUE 'purged';--> statement-breakpoint
CREATE TABLE "card_validations" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"pan_masked" text NOT NULL,
	"ok" boolean NOT NULL,
	"failure" text,
	"report_sealed" text NOT NULL,
	"validated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_validations_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "job_output_files" (
	"job_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_output_files_job_id_kind_pk" PRIMARY KEY("job_id","kind")
);
--> statement-breakpoint
ALTER TABLE "card_records" ALTER COLUMN "application" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ALTER COLUMN "card_template_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ALTER COLUMN "imk_key_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "card_records" ADD COLUMN "record_sealed" text;--> statement-breakpoint
ALTER TABLE "card_records" ADD COLUMN "problems" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "profile_version_id" uuid;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "parameters" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "output_mac_key" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "validation" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "release_override_reason" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "downloaded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "second_factor_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "card_validations" ADD CONSTRAINT "card_validations_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_output_files" ADD CONSTRAINT "job_output_files_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_profile_version_id_card_profile_versions_id_fk" FOREIGN KEY ("profile_version_id") REFERENCES "public"."card_profile_versions"("id") ON DELETE no action ON UPDATE no action;