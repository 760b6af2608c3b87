CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"event" text NOT NULL,
	"actor" text,
	"actor_kind" text NOT NULL,
	"address" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_event_actor_idx" ON "audit_log" USING btree ("event","actor","at");--> statement-breakpoint
CREATE INDEX "audit_log_event_address_idx" ON "audit_log" USING btree ("event","address","at");