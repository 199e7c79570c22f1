-- DropIndex
DROP INDEX "QueueItem_kind_status_idx";

-- CreateIndex
CREATE INDEX "QueueItem_kind_status_id_idx" ON "QueueItem"("kind", "status", "id");

