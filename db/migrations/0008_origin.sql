ALTER TABLE "documents" ADD COLUMN "origin" text DEFAULT 'document' NOT NULL;--> statement-breakpoint
ALTER TABLE "facts" ADD COLUMN "origin" text DEFAULT 'text' NOT NULL;--> statement-breakpoint
-- Until now the origin was guessed from jsonb keys: `meta.recordId` (or an older `meta.record`) on
-- documents, `evidence.recordId` on facts.
UPDATE "documents" SET "origin" = 'record' WHERE "meta" ? 'recordId' OR "meta" ? 'record';
--> statement-breakpoint
UPDATE "facts" SET "origin" = 'record' WHERE "evidence" ? 'recordId';
