-- CreateEnum
CREATE TYPE "ClockState" AS ENUM ('on_track', 'at_risk', 'breached', 'paused');

-- CreateEnum
CREATE TYPE "EscalationState" AS ENUM ('open', 'acknowledged', 'resolved');

-- CreateTable
CREATE TABLE "sla_policies" (
    "name" TEXT NOT NULL,
    "calendar" TEXT,
    "thresholds" JSONB NOT NULL,
    "targets" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_policies_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "declared_holidays" (
    "id" UUID NOT NULL,
    "calendar" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "declared_holidays_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sla_clocks" (
    "id" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "task_id" UUID,
    "stage" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "calendar" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "target_ms" BIGINT NOT NULL,
    "consumed_ms" BIGINT NOT NULL DEFAULT 0,
    "segment_started_at" TIMESTAMPTZ(3),
    "paused_at" TIMESTAMPTZ(3),
    "paused_ms" BIGINT NOT NULL DEFAULT 0,
    "state" "ClockState" NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 0,
    "on_breach" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "original_due_at" TIMESTAMPTZ(3) NOT NULL,
    "extension_reason" TEXT,
    "stopped_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sla_clocks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clock_intervals" (
    "id" TEXT NOT NULL,
    "clock_id" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "clock_intervals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalations" (
    "id" TEXT NOT NULL,
    "clock_id" TEXT NOT NULL,
    "request_id" UUID NOT NULL,
    "task_id" UUID,
    "stage" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "state" "EscalationState" NOT NULL DEFAULT 'open',
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "declared_holidays_calendar_date_key" ON "declared_holidays"("calendar", "date");

-- CreateIndex
CREATE INDEX "sla_clocks_request_id_idx" ON "sla_clocks"("request_id");

-- CreateIndex
CREATE INDEX "sla_clocks_stopped_at_calendar_idx" ON "sla_clocks"("stopped_at", "calendar");

-- CreateIndex
CREATE INDEX "sla_clocks_started_at_idx" ON "sla_clocks"("started_at");

-- CreateIndex
CREATE INDEX "clock_intervals_clock_id_idx" ON "clock_intervals"("clock_id");

-- CreateIndex
CREATE INDEX "clock_intervals_agency_started_at_idx" ON "clock_intervals"("agency", "started_at");

-- CreateIndex
CREATE INDEX "escalations_fired_at_id_idx" ON "escalations"("fired_at", "id");

-- CreateIndex
CREATE INDEX "escalations_state_level_idx" ON "escalations"("state", "level");

-- CreateIndex
CREATE INDEX "escalations_agency_idx" ON "escalations"("agency");

-- CreateIndex
CREATE UNIQUE INDEX "escalations_clock_id_level_key" ON "escalations"("clock_id", "level");

-- AddForeignKey
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clock_intervals" ADD CONSTRAINT "clock_intervals_clock_id_fkey" FOREIGN KEY ("clock_id") REFERENCES "sla_clocks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

