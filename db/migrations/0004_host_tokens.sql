ALTER TABLE "host_slots" ADD COLUMN "holder" text;--> statement-breakpoint
ALTER TABLE "host_slots" ADD COLUMN "held_until" timestamp with time zone;