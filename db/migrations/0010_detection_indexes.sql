DROP INDEX "facts_org_subject_key_idx";--> statement-breakpoint
CREATE INDEX "document_versions_fetched_idx" ON "document_versions" USING btree ("fetched_at","id");--> statement-breakpoint
CREATE INDEX "facts_org_subject_version_idx" ON "facts" USING btree ("organization_id","subject_key","version_id");