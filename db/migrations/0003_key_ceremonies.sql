CREATE TYPE "public"."ceremony_status" AS ENUM('open', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "key_ceremonies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"usage" "key_usage" NOT NULL,
	"algorithm" "key_algorithm" NOT NULL,
	"components" integer NOT NULL,
	"status" "ceremony_status" DEFAULT 'open' NOT NULL,
	"public_key_spki" text NOT NULL,
	"public_key_fingerprint" text NOT NULL,
	"started_by" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"key_id" uuid,
	"final_kcv" text
);
--> statement-breakpoint
CREATE TABLE "key_ceremony_components" (
	"ceremony_id" uuid NOT NULL,
	"component_index" integer NOT NULL,
	"custodian_id" uuid NOT NULL,
	"kcv" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_ceremony_components_ceremony_id_component_index_pk" PRIMARY KEY("ceremony_id","component_index"),
	CONSTRAINT "key_ceremony_components_one_per_custodian" UNIQUE("ceremony_id","custodian_id")
);
--> statement-breakpoint
ALTER TABLE "key_ceremonies" ADD CONSTRAINT "key_ceremonies_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_ceremonies" ADD CONSTRAINT "key_ceremonies_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_ceremony_components" ADD CONSTRAINT "key_ceremony_components_ceremony_id_key_ceremonies_id_fk" FOREIGN KEY ("ceremony_id") REFERENCES "public"."key_ceremonies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_ceremony_components" ADD CONSTRAINT "key_ceremony_components_custodian_id_users_id_fk" FOREIGN KEY ("custodian_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;