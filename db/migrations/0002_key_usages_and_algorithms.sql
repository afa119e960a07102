ALTER TYPE "public"."key_algorithm" ADD VALUE 'HMAC256';--> statement-breakpoint
ALTER TYPE "public"."key_algorithm" ADD VALUE 'RSA';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'E4' BEFORE 'K0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'E5' BEFORE 'K0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'E6' BEFORE 'K0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'K1' BEFORE 'P0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'M1' BEFORE 'S0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'M3' BEFORE 'S0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'M6' BEFORE 'S0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'M7' BEFORE 'S0';--> statement-breakpoint
ALTER TYPE "public"."key_usage" ADD VALUE 'D0';--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "rsa_bits" integer;