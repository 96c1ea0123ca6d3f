-- CreateEnum
CREATE TYPE "MessageAudience" AS ENUM ('everyone', 'mofa', 'mofa_mission', 'mofa_province');

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "audience" "MessageAudience" NOT NULL,
    "mission_code" TEXT,
    "author" TEXT NOT NULL,
    "author_agency" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "redacted_at" TIMESTAMPTZ(3),
    "redacted_by" TEXT,
    "redaction_reason" TEXT,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id"),
    -- A mission's thread names its mission; no other audience does.
    CONSTRAINT "messages_mission_thread" CHECK (("audience" = 'mofa_mission') = ("mission_code" IS NOT NULL))
);

-- CreateIndex
CREATE INDEX "messages_request_id_created_at_idx" ON "messages"("request_id", "created_at");

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only thread: no DELETE; an UPDATE only redacts a message not yet redacted, emptying its body and
-- recording who, when and why, and changes nothing else.
CREATE FUNCTION "messages_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'messages is append-only: DELETE is not allowed'
            USING ERRCODE = 'raise_exception', HINT = 'Redact the message instead.';
    END IF;
    IF OLD."redacted_at" IS NOT NULL
        OR NEW."redacted_at" IS NULL OR NEW."redacted_by" IS NULL OR NEW."redaction_reason" IS NULL
        OR NEW."body" <> ''
        OR (NEW."id", NEW."request_id", NEW."audience", NEW."mission_code", NEW."author", NEW."author_agency",
            NEW."created_at")
           IS DISTINCT FROM
           (OLD."id", OLD."request_id", OLD."audience", OLD."mission_code", OLD."author", OLD."author_agency",
            OLD."created_at")
    THEN
        RAISE EXCEPTION 'messages is append-only: only one redaction may change a message'
            USING ERRCODE = 'raise_exception';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "messages_append_only"
    BEFORE UPDATE OR DELETE ON "messages"
    FOR EACH ROW EXECUTE FUNCTION "messages_append_only"();
