CREATE TYPE "public"."job_status" AS ENUM('draft', 'submitted', 'approved', 'running', 'prepared', 'released', 'downloaded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."rejection_policy" AS ENUM('all-or-nothing', 'accept-valid');--> statement-breakpoint
CREATE TYPE "public"."key_algorithm" AS ENUM('TDES2', 'TDES3', 'AES128', 'AES192', 'AES256');--> statement-breakpoint
CREATE TYPE "public"."key_status" AS ENUM('active', 'suspended', 'destroyed');--> statement-breakpoint
CREATE TYPE "public"."key_usage" AS ENUM('E0', 'E1', 'E2', 'K0', 'P0', 'C0', 'M0', 'S0');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('analyst', 'security_officer', 'bureau_operator', 'auditor', 'admin');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"actor_role" text NOT NULL,
	"category" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"result" text NOT NULL,
	"origin" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card_records" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"pan_masked" text NOT NULL,
	"application" jsonb NOT NULL,
	"cardholder_sealed" text NOT NULL,
	"prepared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_records_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "job_approvals" (
	"job_id" uuid NOT NULL,
	"officer_id" uuid NOT NULL,
	"approval_subject" text NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_approvals_job_id_officer_id_pk" PRIMARY KEY("job_id","officer_id")
);
--> statement-breakpoint
CREATE TABLE "job_cards" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"pan_masked" text NOT NULL,
	"cardholder_sealed" text NOT NULL,
	CONSTRAINT "job_cards_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "job_rejections" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"field" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "job_rejections_job_id_row_number_field_pk" PRIMARY KEY("job_id","row_number","field")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"card_template_id" uuid NOT NULL,
	"imk_key_id" uuid NOT NULL,
	"kek_key_id" uuid NOT NULL,
	"status" "job_status" DEFAULT 'draft' NOT NULL,
	"input_file_name" text NOT NULL,
	"input_sha256" text NOT NULL,
	"total_rows" integer NOT NULL,
	"accepted_rows" integer NOT NULL,
	"rejected_rows" integer NOT NULL,
	"rejection_policy" "rejection_policy" DEFAULT 'all-or-nothing' NOT NULL,
	"accept_valid_reason" text,
	"prepared_rows" integer DEFAULT 0 NOT NULL,
	"approval_subject" text NOT NULL,
	"failure_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"usage" "key_usage" NOT NULL,
	"algorithm" "key_algorithm" NOT NULL,
	"kcv" text NOT NULL,
	"backend" text NOT NULL,
	"hsm_key_ref" text NOT NULL,
	"status" "key_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "keys_hsm_key_ref_unique" UNIQUE("hsm_key_ref")
);
--> statement-breakpoint
CREATE TABLE "application_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"aid" text NOT NULL,
	"application_label" text NOT NULL,
	"tags" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_templates_name_version" UNIQUE("name","version")
);
--> statement-breakpoint
CREATE TABLE "card_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"application_template_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_templates_name_version" UNIQUE("name","version")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "role" NOT NULL,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "card_records" ADD CONSTRAINT "card_records_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_approvals" ADD CONSTRAINT "job_approvals_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_approvals" ADD CONSTRAINT "job_approvals_officer_id_users_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_cards" ADD CONSTRAINT "job_cards_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_rejections" ADD CONSTRAINT "job_rejections_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_card_template_id_card_templates_id_fk" FOREIGN KEY ("card_template_id") REFERENCES "public"."card_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_imk_key_id_keys_id_fk" FOREIGN KEY ("imk_key_id") REFERENCES "public"."keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_kek_key_id_keys_id_fk" FOREIGN KEY ("kek_key_id") REFERENCES "public"."keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keys" ADD CONSTRAINT "keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_templates" ADD CONSTRAINT "application_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_templates" ADD CONSTRAINT "card_templates_application_template_id_application_templates_id_fk" FOREIGN KEY ("application_template_id") REFERENCES "public"."application_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_templates" ADD CONSTRAINT "card_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;