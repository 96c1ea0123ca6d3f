
-- CreateEnum
CREATE TYPE "AgencyKind" AS ENUM ('province', 'ministry', 'mission');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('province_officer', 'mission_officer', 'coordinator', 'supervisor', 'admin');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('triage', 'clarification', 'assigned', 'review', 'closed');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('completed', 'rejected', 'withdrawn', 'auto_closed');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('routine', 'priority', 'urgent');

-- CreateEnum
CREATE TYPE "SlaState" AS ENUM ('on_track', 'at_risk', 'breached', 'paused');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('pending', 'in_progress', 'info_requested', 'responded', 'declined', 'cancelled');

-- CreateTable
CREATE TABLE "agencies" (
    "code" TEXT NOT NULL,
    "kind" "AgencyKind" NOT NULL,
    "name" TEXT NOT NULL,
    "name_ko" TEXT,
    "country" TEXT NOT NULL,
    "city" TEXT,
    "mission_kind" TEXT,
    "time_zone" TEXT NOT NULL,
    "weekend" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agencies_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "users" (
    "handle" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "display_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("handle")
);

-- CreateTable
CREATE TABLE "categories" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "requests" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "province_code" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "priority" "Priority" NOT NULL,
    "target_countries" TEXT[],
    "desired_by" TIMESTAMPTZ(3),
    "status" "RequestStatus" NOT NULL,
    "outcome" "Outcome",
    "sla_state" "SlaState" NOT NULL DEFAULT 'on_track',
    "missions" TEXT[],
    "clarification_question" TEXT,
    "idempotency_key" TEXT,
    "fingerprint" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "mission_code" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL,
    "note" TEXT,
    "info_question" TEXT,
    "info_answer" TEXT,
    "decline_reason" TEXT,
    "response_summary" TEXT,
    "response_details" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "task_id" UUID,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "users_agency_code_idx" ON "users"("agency_code");

-- CreateIndex
CREATE UNIQUE INDEX "requests_workflow_id_key" ON "requests"("workflow_id");

-- CreateIndex
CREATE INDEX "requests_status_created_at_idx" ON "requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "requests_province_code_created_at_idx" ON "requests"("province_code", "created_at");

-- CreateIndex
CREATE INDEX "requests_created_at_id_idx" ON "requests"("created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "requests_province_code_idempotency_key_key" ON "requests"("province_code", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "tasks_workflow_id_key" ON "tasks"("workflow_id");

-- CreateIndex
CREATE INDEX "tasks_mission_code_status_idx" ON "tasks"("mission_code", "status");

-- CreateIndex
CREATE INDEX "tasks_request_id_idx" ON "tasks"("request_id");

-- CreateIndex
CREATE INDEX "audit_events_request_id_at_idx" ON "audit_events"("request_id", "at");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_agency_code_fkey" FOREIGN KEY ("agency_code") REFERENCES "agencies"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Append-only audit trail: any UPDATE or DELETE statement on audit_events is refused.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'raise_exception',
              HINT = 'Record a new audit event instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "audit_events_append_only"
    BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
