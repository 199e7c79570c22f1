-- CreateTable
CREATE TABLE "SummaryDraft" (
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "sections" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "acknowledgeBy" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    "updatedByMemberId" TEXT NOT NULL,
    "extra" TEXT,
    "keyId" TEXT,

    PRIMARY KEY ("equipeId", "document")
);

-- CreateTable
CREATE TABLE "SummaryVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "changed" TEXT NOT NULL,
    "circulatedAt" DATETIME NOT NULL,
    "circulatedByMemberId" TEXT NOT NULL,
    "acknowledgeBy" DATETIME,
    "extra" TEXT,
    "keyId" TEXT
);

-- CreateTable
CREATE TABLE "SummarySection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "keyId" TEXT,
    CONSTRAINT "SummarySection_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SummaryVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SummaryDecisionLink" (
    "versionId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "number" INTEGER NOT NULL,

    PRIMARY KEY ("versionId", "decisionId")
);

-- CreateTable
CREATE TABLE "SummaryAcknowledgement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SummaryComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "equipeId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "answer" TEXT,
    "answerIncluded" BOOLEAN NOT NULL DEFAULT false,
    "answeredAt" DATETIME,
    "answeredByMemberId" TEXT,
    "keyId" TEXT
);

-- CreateTable
CREATE TABLE "SummaryEditLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CaseExportLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

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

