CREATE TYPE "public"."ca_environment" AS ENUM('live', 'test');--> statement-breakpoint
CREATE TYPE "public"."ca_key_source" AS ENUM('scheme', 'workbench_test_ca');--> statement-breakpoint
CREATE TYPE "public"."issuer_certificate_source" AS ENUM('scheme_import', 'workbench_test_ca');--> statement-breakpoint
CREATE TYPE "public"."issuer_key_status" AS ENUM('awaiting_certificate', 'certified');--> statement-breakpoint
CREATE TABLE "ca_public_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rid" text NOT NULL,
	"index" text NOT NULL,
	"environment" "ca_environment" NOT NULL,
	"modulus" text NOT NULL,
	"exponent" text NOT NULL,
	"checksum" text NOT NULL,
	"source" "ca_key_source" NOT NULL,
	"key_id" uuid,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ca_public_keys_rid_index_environment" UNIQUE("rid","index","environment"),
	CONSTRAINT "ca_public_keys_test_ca_on_test_list" CHECK ("ca_public_keys"."source" <> 'workbench_test_ca' or ("ca_public_keys"."environment" = 'test' and "ca_public_keys"."key_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "issuer_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer_key_id" uuid NOT NULL,
	"ca_public_key_id" uuid NOT NULL,
	"environment" "ca_environment" NOT NULL,
	"source" "issuer_certificate_source" NOT NULL,
	"issuer_identifier" text NOT NULL,
	"expiry" text NOT NULL,
	"serial" text NOT NULL,
	"hash_ok" boolean NOT NULL,
	"certificate" text NOT NULL,
	"remainder" text NOT NULL,
	"exponent" text NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issuer_certificates_one_per_ca_key" UNIQUE("issuer_key_id","ca_public_key_id"),
	CONSTRAINT "issuer_certificates_test_ca_is_test" CHECK ("issuer_certificates"."source" <> 'workbench_test_ca' or "issuer_certificates"."environment" = 'test')
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key_id" uuid NOT NULL,
	"issuer_identifier" text NOT NULL,
	"expiry" text NOT NULL,
	"serial" text NOT NULL,
	"exponent" text NOT NULL,
	"status" "issuer_key_status" DEFAULT 'awaiting_certificate' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issuer_keys_key_id_unique" UNIQUE("key_id")
);
--> statement-breakpoint
ALTER TABLE "ca_public_keys" ADD CONSTRAINT "ca_public_keys_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ca_public_keys" ADD CONSTRAINT "ca_public_keys_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_certificates" ADD CONSTRAINT "issuer_certificates_issuer_key_id_issuer_keys_id_fk" FOREIGN KEY ("issuer_key_id") REFERENCES "public"."issuer_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_certificates" ADD CONSTRAINT "issuer_certificates_ca_public_key_id_ca_public_keys_id_fk" FOREIGN KEY ("ca_public_key_id") REFERENCES "public"."ca_public_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_certificates" ADD CONSTRAINT "issuer_certificates_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_keys" ADD CONSTRAINT "issuer_keys_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_keys" ADD CONSTRAINT "issuer_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;