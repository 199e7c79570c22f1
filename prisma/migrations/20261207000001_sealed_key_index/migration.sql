-- CreateIndex
CREATE INDEX "Meeting_keyId_idx" ON "Meeting"("keyId");

-- CreateIndex
CREATE INDEX "QueueItem_keyId_idx" ON "QueueItem"("keyId");

-- CreateIndex
CREATE INDEX "AuditEntry_keyId_idx" ON "AuditEntry"("keyId");

-- CreateIndex
CREATE INDEX "Decision_keyId_idx" ON "Decision"("keyId");

-- CreateIndex
CREATE INDEX "Viewpoint_keyId_idx" ON "Viewpoint"("keyId");

-- CreateIndex
CREATE INDEX "ViewpointRevision_keyId_idx" ON "ViewpointRevision"("keyId");

-- CreateIndex
CREATE INDEX "DecisionAction_keyId_idx" ON "DecisionAction"("keyId");

-- CreateIndex
CREATE INDEX "AdapterRecord_keyId_idx" ON "AdapterRecord"("keyId");

-- CreateIndex
CREATE INDEX "SummaryDraft_keyId_idx" ON "SummaryDraft"("keyId");

-- CreateIndex
CREATE INDEX "SummaryVersion_keyId_idx" ON "SummaryVersion"("keyId");

-- CreateIndex
CREATE INDEX "SummarySection_keyId_idx" ON "SummarySection"("keyId");

-- CreateIndex
CREATE INDEX "SummaryComment_keyId_idx" ON "SummaryComment"("keyId");

