-- CreateIndex
CREATE INDEX CONCURRENTLY IF NOT EXISTS "QueueItem_messageKey_id_idx" ON "QueueItem"("messageKey", "id");

