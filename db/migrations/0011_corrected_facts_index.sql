CREATE INDEX "facts_corrected_idx" ON "facts" USING btree ("organization_id","version_id") WHERE "facts"."status" = 'corrected';--> statement-breakpoint
-- A document's scopes (migration 0006), planned once for any ids: written as joins over the ids,
-- so the plan walks the indexes of the few documents named instead of scanning every fact (the
-- generic plan of `document_id = ANY (ids)` did, on every write to a version: O(facts) per write).
CREATE OR REPLACE FUNCTION overview_document_scopes(ids integer[]) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN cardinality(ids) = 0 THEN '{}'::text[] ELSE array(
    SELECT coalesce(d.organization_id, '') FROM unnest(ids) i JOIN documents d ON d.id = i
    UNION
    SELECT coalesce(f.organization_id, '') FROM unnest(ids) i JOIN document_versions v ON v.document_id = i
      JOIN facts f ON f.version_id = v.id) END
$$;
