CREATE TABLE "job_input_rows" (
	"job_id" uuid NOT NULL,
	"input" text NOT NULL,
	"row_number" integer NOT NULL,
	"key_digest" text NOT NULL,
	"values_sealed" text NOT NULL,
	"joined" boolean DEFAULT false NOT NULL,
	CONSTRAINT "job_input_rows_job_id_input_row_number_pk" PRIMARY KEY("job_id","input","row_number")
);
--> statement-breakpoint
CREATE TABLE "job_inputs" (
	"job_id" uuid NOT NULL,
	"name" text NOT NULL,
	"label" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"total_rows" integer NOT NULL,
	"joined_rows" integer NOT NULL,
	"rejected_rows" integer NOT NULL,
	CONSTRAINT "job_inputs_job_id_name_pk" PRIMARY KEY("job_id","name")
);
--> statement-breakpoint
ALTER TABLE "job_rejections" ADD COLUMN "input" text DEFAULT 'cardholder' NOT NULL;--> statement-breakpoint
ALTER TABLE "job_rejections" DROP CONSTRAINT "job_rejections_job_id_row_number_field_pk";--> statement-breakpoint
ALTER TABLE "job_rejections" ADD CONSTRAINT "job_rejections_job_id_input_row_number_field_pk" PRIMARY KEY("job_id","input","row_number","field");--> statement-breakpoint
ALTER TABLE "job_input_rows" ADD CONSTRAINT "job_input_rows_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_inputs" ADD CONSTRAINT "job_inputs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_input_rows_key_idx" ON "job_input_rows" USING btree ("job_id","input","key_digest");