ALTER TABLE "facts" ADD COLUMN "subject_key" text;--> statement-breakpoint
CREATE INDEX "facts_org_subject_key_idx" ON "facts" USING btree ("organization_id","subject_key");--> statement-breakpoint
-- facts.subject_key caches the identity of `subject` (worked out in TypeScript, analysis/change-facts.ts):
-- a new subject clears it, so detection works it out again.
CREATE FUNCTION facts_subject_key_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.subject IS DISTINCT FROM OLD.subject AND NEW.subject_key IS NOT DISTINCT FROM OLD.subject_key THEN
    NEW.subject_key := NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER facts_subject_key_clear BEFORE UPDATE OF subject ON facts
  FOR EACH ROW EXECUTE FUNCTION facts_subject_key_clear();
--> statement-breakpoint
-- Filling that cache changes nothing the overview reads: an update that changes only subject_key
-- leaves the overview's data version alone (0006 bumped it for every update).
CREATE OR REPLACE FUNCTION overview_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(array(
      SELECT coalesce(organization_id, '') FROM new_rows
      UNION SELECT coalesce(d.organization_id, '') FROM documents d WHERE d.id IN (SELECT document_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(array(
      WITH changed AS (
        SELECT n.organization_id AS org, n.document_id AS doc, o.organization_id AS old_org, o.document_id AS old_doc
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE to_jsonb(n) - 'subject_key' IS DISTINCT FROM to_jsonb(o) - 'subject_key')
      SELECT coalesce(org, '') FROM changed UNION SELECT coalesce(old_org, '') FROM changed
      UNION SELECT coalesce(d.organization_id, '') FROM documents d
      WHERE d.id IN (SELECT doc FROM changed UNION SELECT old_doc FROM changed)));
  ELSE
    PERFORM overview_touch(array(
      SELECT coalesce(organization_id, '') FROM old_rows
      UNION SELECT coalesce(d.organization_id, '') FROM documents d WHERE d.id IN (SELECT document_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
