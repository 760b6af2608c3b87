-- The overview's data version (overview_changes, migrations 0005/0006) was bumped by each writing
-- statement, so a transaction held its organization's row locked from its first write to its
-- commit: two workers writing one organization waited on each other for the whole transaction,
-- client round trips included. Now a statement only notes its scopes in the transaction; the rows
-- are bumped once, at commit, in sorted order (a deferred trigger), and held only while committing.
-- Still in the same transaction as the write: a reader sees the new version with the new data.
CREATE TABLE overview_pending (txid bigint PRIMARY KEY);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION overview_touch(scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  noted text[] := coalesce(nullif(current_setting('ssc.overview_scopes', true), ''), '{}')::text[];
  fresh text[] := array(SELECT DISTINCT s FROM unnest(scopes) s WHERE s IS NOT NULL AND NOT s = ANY (noted));
BEGIN
  IF cardinality(fresh) = 0 THEN RETURN; END IF;
  PERFORM set_config('ssc.overview_scopes', (noted || fresh)::text, true);
  IF current_setting('ssc.overview_txid', true) IS DISTINCT FROM txid_current()::text THEN
    PERFORM set_config('ssc.overview_txid', txid_current()::text, true);
    INSERT INTO overview_pending (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION overview_bump_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO overview_changes AS c (scope, version, changed_at)
  SELECT s, 1, clock_timestamp()
  FROM (SELECT DISTINCT s FROM unnest(coalesce(nullif(current_setting('ssc.overview_scopes', true), ''), '{}')::text[]) s) d
  ORDER BY s
  ON CONFLICT (scope) DO UPDATE SET version = c.version + 1, changed_at = excluded.changed_at;
  PERFORM set_config('ssc.overview_scopes', '', true);
  DELETE FROM overview_pending WHERE txid = NEW.txid;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER overview_bump_at_commit AFTER INSERT ON overview_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION overview_bump_at_commit();
