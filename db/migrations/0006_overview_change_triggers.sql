-- Keeps overview_changes current in the same transaction as every write the overview reads
-- (see db/schema/overview-changes.ts). Statement-level triggers with transition tables: one bump
-- per statement and scope, however many rows it writes. Scopes are bumped in sorted order so two
-- writers never wait on each other in opposite orders.
CREATE FUNCTION overview_touch(scopes text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO overview_changes AS c (scope, version, changed_at)
  SELECT s, 1, clock_timestamp() FROM (SELECT DISTINCT s FROM unnest(scopes) s WHERE s IS NOT NULL) d ORDER BY s
  ON CONFLICT (scope) DO UPDATE SET version = c.version + 1, changed_at = excluded.changed_at
$$;
--> statement-breakpoint
-- A document's scopes: its organization, and the organizations of facts read from any of its versions.
CREATE FUNCTION overview_document_scopes(ids integer[]) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array(
    SELECT coalesce(d.organization_id, '') FROM documents d WHERE d.id = ANY (ids)
    UNION
    SELECT coalesce(f.organization_id, '') FROM document_versions v JOIN facts f ON f.version_id = v.id
    WHERE v.document_id = ANY (ids))
$$;
--> statement-breakpoint
-- A fact counts for its organization and, through the highlights, for its document's organization.
CREATE FUNCTION overview_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(array(
      SELECT coalesce(organization_id, '') FROM new_rows
      UNION SELECT coalesce(d.organization_id, '') FROM documents d WHERE d.id IN (SELECT document_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(array(
      SELECT coalesce(organization_id, '') FROM new_rows UNION SELECT coalesce(organization_id, '') FROM old_rows
      UNION SELECT coalesce(d.organization_id, '') FROM documents d
      WHERE d.id IN (SELECT document_id FROM new_rows UNION SELECT document_id FROM old_rows)));
  ELSE
    PERFORM overview_touch(array(
      SELECT coalesce(organization_id, '') FROM old_rows
      UNION SELECT coalesce(d.organization_id, '') FROM documents d WHERE d.id IN (SELECT document_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_facts_insert AFTER INSERT ON facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_facts_changed();
--> statement-breakpoint
CREATE TRIGGER overview_facts_update AFTER UPDATE ON facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_facts_changed();
--> statement-breakpoint
CREATE TRIGGER overview_facts_delete AFTER DELETE ON facts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_facts_changed();
--> statement-breakpoint
-- A version decides which facts and passages are current (analysed, newest fetched).
CREATE FUNCTION overview_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(overview_document_scopes(array(SELECT DISTINCT document_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(overview_document_scopes(array(
      SELECT n.document_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.document_id, n.analysis_status, n.analyzed_at, n.fetched_at)
        IS DISTINCT FROM (o.document_id, o.analysis_status, o.analyzed_at, o.fetched_at)
      UNION SELECT o.document_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.document_id <> o.document_id)));
  ELSE
    PERFORM overview_touch(overview_document_scopes(array(SELECT DISTINCT document_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_versions_insert AFTER INSERT ON document_versions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_versions_changed();
--> statement-breakpoint
CREATE TRIGGER overview_versions_update AFTER UPDATE ON document_versions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_versions_changed();
--> statement-breakpoint
CREATE TRIGGER overview_versions_delete AFTER DELETE ON document_versions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_versions_changed();
--> statement-breakpoint
-- Passages give the counts of passages read and the highlights of the document's organization.
CREATE FUNCTION overview_passages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(array(SELECT DISTINCT coalesce(d.organization_id, '') FROM documents d
      JOIN document_versions v ON v.document_id = d.id WHERE v.id IN (SELECT version_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(array(SELECT DISTINCT coalesce(d.organization_id, '') FROM documents d
      JOIN document_versions v ON v.document_id = d.id
      WHERE v.id IN (SELECT version_id FROM new_rows UNION SELECT version_id FROM old_rows)));
  ELSE
    PERFORM overview_touch(array(SELECT DISTINCT coalesce(d.organization_id, '') FROM documents d
      JOIN document_versions v ON v.document_id = d.id WHERE v.id IN (SELECT version_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_passages_insert AFTER INSERT ON passages REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_passages_changed();
--> statement-breakpoint
CREATE TRIGGER overview_passages_update AFTER UPDATE ON passages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_passages_changed();
--> statement-breakpoint
CREATE TRIGGER overview_passages_delete AFTER DELETE ON passages REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_passages_changed();
--> statement-breakpoint
-- A document's title, URL, organization, type, symbol and status show in evidence, sources and coverage.
CREATE FUNCTION overview_documents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(array(SELECT DISTINCT coalesce(organization_id, '') FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(array(
      SELECT unnest(overview_document_scopes(array(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.title, n.url, n.organization_id, n.source_id, n.type, n.symbol, n.status)
          IS DISTINCT FROM (o.title, o.url, o.organization_id, o.source_id, o.type, o.symbol, o.status))))
      UNION SELECT coalesce(o.organization_id, '') FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.organization_id IS DISTINCT FROM o.organization_id));
  ELSE
    PERFORM overview_touch(array(SELECT DISTINCT coalesce(organization_id, '') FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_documents_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_documents_changed();
--> statement-breakpoint
CREATE TRIGGER overview_documents_update AFTER UPDATE ON documents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_documents_changed();
--> statement-breakpoint
CREATE TRIGGER overview_documents_delete AFTER DELETE ON documents REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_documents_changed();
--> statement-breakpoint
-- An organization's name, acronym and kind head its row.
CREATE FUNCTION overview_organizations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM overview_touch(array(SELECT id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM overview_touch(array(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.name, n.acronym, n.kind) IS DISTINCT FROM (o.name, o.acronym, o.kind)));
  ELSE
    PERFORM overview_touch(array(SELECT id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_organizations_insert AFTER INSERT ON organizations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER overview_organizations_update AFTER UPDATE ON organizations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER overview_organizations_delete AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_organizations_changed();
--> statement-breakpoint
-- Sources and crawl runs feed the coverage table only: scope "*". Leases and progress counters do not count.
CREATE FUNCTION overview_coverage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    PERFORM overview_touch(array['*']);
  ELSIF TG_TABLE_NAME = 'sources' THEN
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.organization_id, n.enabled, n.status, n.last_run_at, n.last_success_at, n.last_error)
        IS DISTINCT FROM (o.organization_id, o.enabled, o.status, o.last_run_at, o.last_success_at, o.last_error)) THEN
      PERFORM overview_touch(array['*']);
    END IF;
  ELSIF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.source_id, n.status, n.started_at, n.failed) IS DISTINCT FROM (o.source_id, o.status, o.started_at, o.failed)) THEN
    PERFORM overview_touch(array['*']);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER overview_sources_insert AFTER INSERT ON sources FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
CREATE TRIGGER overview_sources_update AFTER UPDATE ON sources REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
CREATE TRIGGER overview_sources_delete AFTER DELETE ON sources FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
CREATE TRIGGER overview_runs_insert AFTER INSERT ON crawl_runs FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
CREATE TRIGGER overview_runs_update AFTER UPDATE ON crawl_runs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
CREATE TRIGGER overview_runs_delete AFTER DELETE ON crawl_runs FOR EACH STATEMENT EXECUTE FUNCTION overview_coverage_changed();
--> statement-breakpoint
-- Databases migrated before this: every scope starts at version 1 now.
INSERT INTO overview_changes (scope) SELECT id FROM organizations UNION SELECT '' UNION SELECT '*' ON CONFLICT DO NOTHING;
