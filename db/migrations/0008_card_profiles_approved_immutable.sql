-- A profile version is a snapshot: every save inserts a new one, so its document, number, profile and
-- author never change; only the status moves. An approved version is immutable altogether (no UPDATE,
-- no DELETE), whoever the caller is: the application, a script or a console session.
CREATE OR REPLACE FUNCTION card_profile_versions_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'card_profile_versions: version % is approved and immutable: % refused', OLD.number, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' AND (
    NEW.document IS DISTINCT FROM OLD.document
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.profile_id IS DISTINCT FROM OLD.profile_id
    OR NEW.author_id IS DISTINCT FROM OLD.author_id
  ) THEN
    RAISE EXCEPTION 'card_profile_versions: the document of version % never changes; save a new version', OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER card_profile_versions_immutable
  BEFORE UPDATE OR DELETE ON card_profile_versions
  FOR EACH ROW EXECUTE FUNCTION card_profile_versions_guard();
