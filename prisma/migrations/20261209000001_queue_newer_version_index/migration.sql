-- CreateIndex
CREATE INDEX "QueueItem_messageKey_id_idx" ON "QueueItem"("messageKey", "id");

