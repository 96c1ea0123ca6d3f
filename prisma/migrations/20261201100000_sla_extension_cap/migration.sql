-- How far past a stage's current due time an extension may move it (ISO 8601 business duration on the
-- clock's calendar). Existing policies get the shipped caps.
ALTER TABLE "sla_policies" ADD COLUMN "max_extension" TEXT NOT NULL DEFAULT 'P30D';
UPDATE "sla_policies" SET "max_extension" = 'P2D' WHERE "name" = 'demo';
