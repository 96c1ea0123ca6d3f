-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ko', 'en');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'ambassador_ir';

-- CreateTable
CREATE TABLE "people" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name_ko" TEXT NOT NULL,
    "name_latin" TEXT,
    "agency_code" TEXT NOT NULL,
    "roles" "Role"[],
    "language" "Language" NOT NULL DEFAULT 'ko',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "subject" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_events" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "directory_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "people_email_key" ON "people"("email");

-- CreateIndex
CREATE UNIQUE INDEX "people_subject_key" ON "people"("subject");

-- CreateIndex
CREATE INDEX "people_agency_code_idx" ON "people"("agency_code");

-- CreateIndex
CREATE INDEX "directory_events_person_id_at_idx" ON "directory_events"("person_id", "at");

-- AddForeignKey
ALTER TABLE "people" ADD CONSTRAINT "people_agency_code_fkey" FOREIGN KEY ("agency_code") REFERENCES "agencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A person has at least one role, and one spelling of their address.
ALTER TABLE "people" ADD CONSTRAINT "people_roles_present" CHECK (cardinality("roles") > 0);
ALTER TABLE "people" ADD CONSTRAINT "people_email_lower_case" CHECK ("email" = lower("email"));

-- Append-only history of the directory: UPDATE, DELETE and TRUNCATE are refused.
CREATE FUNCTION "directory_events_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'directory_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'raise_exception',
              HINT = 'Record a new directory event instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "directory_events_append_only"
    BEFORE UPDATE OR DELETE OR TRUNCATE ON "directory_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "directory_events_append_only"();
