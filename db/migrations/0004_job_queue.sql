CREATE TABLE "host_slots" (
	"host" text PRIMARY KEY NOT NULL,
	"delay_ms" integer NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"holder" text,
	"held_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "queued" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "analyses" integer DEFAULT 0 NOT NULL;