-- The audit trail refuses TRUNCATE too (UPDATE and DELETE were refused already): emptying it is no more allowed
-- than editing it, for any role that can reach the table, its owner included.
CREATE TRIGGER "audit_events_no_truncate"
    BEFORE TRUNCATE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();

-- The service (API and worker) reads and writes rows and nothing else: it connects as a login role that is a
-- member of oneteam_service (src/db/provision.ts creates it), while migrations run as the owner of the tables.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'oneteam_service') THEN
        CREATE ROLE "oneteam_service" NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO "oneteam_service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "oneteam_service";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "oneteam_service";
-- Tables that later migrations (run by this same owner) create get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "oneteam_service";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "oneteam_service";
-- The audit trail is append-only for the service by privilege as well as by trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM "oneteam_service";
-- Prisma's bookkeeping is the owner's.
REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM "oneteam_service";
