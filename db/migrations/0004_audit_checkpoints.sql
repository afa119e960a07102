CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"chain_hash" text NOT NULL,
	"mac" text NOT NULL,
	"key_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_checkpoints_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
ALTER TABLE "keys" ALTER COLUMN "created_by" DROP NOT NULL;