-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "equipeId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "context" TEXT,
    "kind" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "deadline" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "familyRequired" BOOLEAN NOT NULL DEFAULT true,
    "familyExclusionReason" TEXT,
    "createdByMemberId" TEXT NOT NULL,
    "closedAt" DATETIME,
    "outcome" TEXT,
    "overrideReason" TEXT,
    "reviewAt" DATETIME,
    "recordedByMemberId" TEXT,
    "recordedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DecisionParticipant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "DecisionParticipant_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Viewpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "reason" TEXT,
    "side" TEXT,
    "recordedByMemberId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Viewpoint_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DecisionAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "decisionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    CONSTRAINT "DecisionAction_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Decision_equipeId_status_idx" ON "Decision"("equipeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionParticipant_decisionId_memberId_key" ON "DecisionParticipant"("decisionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Viewpoint_decisionId_memberId_key" ON "Viewpoint"("decisionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionAction_decisionId_position_key" ON "DecisionAction"("decisionId", "position");

