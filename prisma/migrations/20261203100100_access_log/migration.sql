-- CreateEnum
CREATE TYPE "AccessAction" AS ENUM ('thread_read');

-- CreateTable
CREATE TABLE "access_log" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_agency" TEXT NOT NULL,
    "action" "AccessAction" NOT NULL,
    "request_id" UUID,
    "subjects" TEXT[],
    "route" TEXT NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_log_request_id_at_idx" ON "access_log"("request_id", "at");

-- CreateIndex
CREATE INDEX "access_log_actor_at_idx" ON "access_log"("actor", "at");

-- Append-only: what was read stays recorded.
CREATE FUNCTION "access_log_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'raise_exception';
END;
$$;

CREATE TRIGGER "access_log_append_only"
    BEFORE UPDATE OR DELETE ON "access_log"
    FOR EACH ROW EXECUTE FUNCTION "access_log_append_only"();
