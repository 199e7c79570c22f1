-- DropIndex
DROP INDEX "Meeting_equipeId_status_idx";

-- CreateIndex
CREATE INDEX "Member_platform_workspaceId_platformUserId_idx" ON "Member"("platform", "workspaceId", "platformUserId");

-- CreateIndex
CREATE INDEX "Meeting_equipeId_status_startsAt_idx" ON "Meeting"("equipeId", "status", "startsAt");

-- CreateIndex
CREATE INDEX "ProcessedDelivery_createdAt_idx" ON "ProcessedDelivery"("createdAt");

