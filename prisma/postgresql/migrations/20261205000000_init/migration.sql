-- CreateTable
CREATE TABLE "Equipe" (
    "id" TEXT NOT NULL,
    "caseCode" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Equipe_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BindingRequest" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "requesterUserId" TEXT NOT NULL,
    "requesterName" TEXT,
    "requesterLocale" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedByMemberId" TEXT,

    CONSTRAINT "BindingRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "platform" TEXT,
    "workspaceId" TEXT,
    "platformUserId" TEXT,
    "displayName" TEXT,
    "email" TEXT,
    "role" TEXT NOT NULL,
    "isCoordinator" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),
    "phone" TEXT,
    "changedAt" TIMESTAMP(3),

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "icalUid" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "location" TEXT,
    "onlineUrl" TEXT,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "confirmedSlotId" TEXT,
    "startsAt" TIMESTAMP(3),
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdByMemberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Slot" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Availability" (
    "id" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "recordedByMemberId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Availability_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageRef" (
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageRef_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "QueueItem" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "messageKey" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "keyId" TEXT,

    CONSTRAINT "QueueItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeClock" (
    "id" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "bumps" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChangeClock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedDelivery" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedDelivery_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "FeedToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "platform" TEXT,
    "workspaceId" TEXT,
    "platformUserId" TEXT,
    "memberId" TEXT,
    "organisationId" TEXT,
    "issuedByMemberId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "FeedToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdInEquipeId" TEXT NOT NULL,
    "createdByMemberId" TEXT NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationMembership" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdByMemberId" TEXT NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "OrganisationMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subjectId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,
    "keyId" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "EventToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "issuedByMemberId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PageLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageQrLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "pageLinkId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "issuedByMemberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PageQrLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "context" TEXT,
    "kind" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "familyRequired" BOOLEAN NOT NULL DEFAULT true,
    "familyExclusionReason" TEXT,
    "createdByMemberId" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "overrideReason" TEXT,
    "reviewAt" TIMESTAMP(3),
    "recordedByMemberId" TEXT,
    "recordedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cancelReason" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "cancelledByMemberId" TEXT,
    "keyId" TEXT,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionParticipant" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "DecisionParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Viewpoint" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "reason" TEXT,
    "side" TEXT,
    "recordedByMemberId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "heardVia" TEXT,
    "keyId" TEXT,

    CONSTRAINT "Viewpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ViewpointRevision" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "reason" TEXT,
    "side" TEXT,
    "recordedByMemberId" TEXT,
    "heardVia" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT,

    CONSTRAINT "ViewpointRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionAction" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT,

    CONSTRAINT "DecisionAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdapterRecord" (
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "keyId" TEXT,
    "equipeId" TEXT,

    CONSTRAINT "AdapterRecord_pkey" PRIMARY KEY ("namespace","key")
);

-- CreateTable
CREATE TABLE "SummaryDraft" (
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "acknowledgeBy" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByMemberId" TEXT NOT NULL,
    "extra" TEXT,
    "keyId" TEXT,

    CONSTRAINT "SummaryDraft_pkey" PRIMARY KEY ("equipeId","document")
);

-- CreateTable
CREATE TABLE "SummaryVersion" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "changed" TEXT NOT NULL,
    "circulatedAt" TIMESTAMP(3) NOT NULL,
    "circulatedByMemberId" TEXT NOT NULL,
    "acknowledgeBy" TIMESTAMP(3),
    "extra" TEXT,
    "keyId" TEXT,

    CONSTRAINT "SummaryVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SummarySection" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "keyId" TEXT,

    CONSTRAINT "SummarySection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SummaryDecisionLink" (
    "versionId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "number" INTEGER NOT NULL,

    CONSTRAINT "SummaryDecisionLink_pkey" PRIMARY KEY ("versionId","decisionId")
);

-- CreateTable
CREATE TABLE "SummaryAcknowledgement" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SummaryAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SummaryComment" (
    "id" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "answer" TEXT,
    "answerIncluded" BOOLEAN NOT NULL DEFAULT false,
    "answeredAt" TIMESTAMP(3),
    "answeredByMemberId" TEXT,
    "keyId" TEXT,

    CONSTRAINT "SummaryComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SummaryEditLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "SummaryEditLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseExportLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseExportLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Equipe_caseCode_key" ON "Equipe"("caseCode");

-- CreateIndex
CREATE INDEX "ChannelBinding_equipeId_idx" ON "ChannelBinding"("equipeId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelBinding_platform_workspaceId_channelId_key" ON "ChannelBinding"("platform", "workspaceId", "channelId");

-- CreateIndex
CREATE INDEX "BindingRequest_platform_workspaceId_channelId_status_idx" ON "BindingRequest"("platform", "workspaceId", "channelId", "status");

-- CreateIndex
CREATE INDEX "BindingRequest_equipeId_idx" ON "BindingRequest"("equipeId");

-- CreateIndex
CREATE INDEX "Member_equipeId_idx" ON "Member"("equipeId");

-- CreateIndex
CREATE UNIQUE INDEX "Member_equipeId_platform_workspaceId_platformUserId_key" ON "Member"("equipeId", "platform", "workspaceId", "platformUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_icalUid_key" ON "Meeting"("icalUid");

-- CreateIndex
CREATE INDEX "Meeting_equipeId_status_idx" ON "Meeting"("equipeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Slot_meetingId_position_key" ON "Slot"("meetingId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Availability_slotId_memberId_key" ON "Availability"("slotId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "QueueItem_dedupeKey_key" ON "QueueItem"("dedupeKey");

-- CreateIndex
CREATE INDEX "QueueItem_status_dueAt_idx" ON "QueueItem"("status", "dueAt");

-- CreateIndex
CREATE INDEX "QueueItem_messageKey_status_idx" ON "QueueItem"("messageKey", "status");

-- CreateIndex
CREATE INDEX "QueueItem_kind_status_idx" ON "QueueItem"("kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FeedToken_tokenHash_key" ON "FeedToken"("tokenHash");

-- CreateIndex
CREATE INDEX "FeedToken_platform_workspaceId_platformUserId_idx" ON "FeedToken"("platform", "workspaceId", "platformUserId");

-- CreateIndex
CREATE INDEX "FeedToken_memberId_idx" ON "FeedToken"("memberId");

-- CreateIndex
CREATE INDEX "FeedToken_organisationId_idx" ON "FeedToken"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_contactEmail_key" ON "Organisation"("contactEmail");

-- CreateIndex
CREATE INDEX "OrganisationMembership_organisationId_idx" ON "OrganisationMembership"("organisationId");

-- CreateIndex
CREATE INDEX "OrganisationMembership_memberId_idx" ON "OrganisationMembership"("memberId");

-- CreateIndex
CREATE INDEX "OrganisationMembership_equipeId_idx" ON "OrganisationMembership"("equipeId");

-- CreateIndex
CREATE INDEX "AuditEntry_equipeId_createdAt_idx" ON "AuditEntry"("equipeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EventToken_tokenHash_key" ON "EventToken"("tokenHash");

-- CreateIndex
CREATE INDEX "EventToken_meetingId_idx" ON "EventToken"("meetingId");

-- CreateIndex
CREATE INDEX "EventToken_memberId_idx" ON "EventToken"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PageLink_tokenHash_key" ON "PageLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PageLink_memberId_idx" ON "PageLink"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "PageQrLink_tokenHash_key" ON "PageQrLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PageQrLink_pageLinkId_idx" ON "PageQrLink"("pageLinkId");

-- CreateIndex
CREATE INDEX "Decision_equipeId_status_idx" ON "Decision"("equipeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionParticipant_decisionId_memberId_key" ON "DecisionParticipant"("decisionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Viewpoint_decisionId_memberId_key" ON "Viewpoint"("decisionId", "memberId");

-- CreateIndex
CREATE INDEX "ViewpointRevision_decisionId_memberId_createdAt_idx" ON "ViewpointRevision"("decisionId", "memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionAction_decisionId_position_key" ON "DecisionAction"("decisionId", "position");

-- CreateIndex
CREATE INDEX "AdapterRecord_expiresAt_idx" ON "AdapterRecord"("expiresAt");

-- CreateIndex
CREATE INDEX "AdapterRecord_equipeId_idx" ON "AdapterRecord"("equipeId");

-- CreateIndex
CREATE UNIQUE INDEX "SummaryVersion_equipeId_document_number_key" ON "SummaryVersion"("equipeId", "document", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SummarySection_versionId_key_key" ON "SummarySection"("versionId", "key");

-- CreateIndex
CREATE INDEX "SummaryDecisionLink_decisionId_idx" ON "SummaryDecisionLink"("decisionId");

-- CreateIndex
CREATE INDEX "SummaryAcknowledgement_equipeId_document_memberId_number_idx" ON "SummaryAcknowledgement"("equipeId", "document", "memberId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SummaryAcknowledgement_versionId_memberId_key" ON "SummaryAcknowledgement"("versionId", "memberId");

-- CreateIndex
CREATE INDEX "SummaryComment_equipeId_createdAt_idx" ON "SummaryComment"("equipeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SummaryEditLink_tokenHash_key" ON "SummaryEditLink"("tokenHash");

-- CreateIndex
CREATE INDEX "SummaryEditLink_memberId_idx" ON "SummaryEditLink"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseExportLink_tokenHash_key" ON "CaseExportLink"("tokenHash");

-- CreateIndex
CREATE INDEX "CaseExportLink_equipeId_idx" ON "CaseExportLink"("equipeId");

-- AddForeignKey
ALTER TABLE "ChannelBinding" ADD CONSTRAINT "ChannelBinding_equipeId_fkey" FOREIGN KEY ("equipeId") REFERENCES "Equipe"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BindingRequest" ADD CONSTRAINT "BindingRequest_equipeId_fkey" FOREIGN KEY ("equipeId") REFERENCES "Equipe"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_equipeId_fkey" FOREIGN KEY ("equipeId") REFERENCES "Equipe"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_equipeId_fkey" FOREIGN KEY ("equipeId") REFERENCES "Equipe"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Slot" ADD CONSTRAINT "Slot_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Availability" ADD CONSTRAINT "Availability_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "Slot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Availability" ADD CONSTRAINT "Availability_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationMembership" ADD CONSTRAINT "OrganisationMembership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionParticipant" ADD CONSTRAINT "DecisionParticipant_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Viewpoint" ADD CONSTRAINT "Viewpoint_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ViewpointRevision" ADD CONSTRAINT "ViewpointRevision_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionAction" ADD CONSTRAINT "DecisionAction_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SummarySection" ADD CONSTRAINT "SummarySection_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SummaryVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

