-- Progress of a declared holiday's fan-out to the running clocks (workflows/holiday.ts): how many workflows were
-- told to recompute their deadlines so far, and when every running clock on the calendar had been told.
ALTER TABLE "declared_holidays" ADD COLUMN "signalled_workflows" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "declared_holidays" ADD COLUMN "fan_out_finished_at" TIMESTAMPTZ(3);

-- Holidays declared before the fan-out was durable were told to their clocks in the HTTP call.
UPDATE "declared_holidays" SET "fan_out_finished_at" = "created_at";
