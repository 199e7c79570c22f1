-- CreateTable
CREATE TABLE "ChatConversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "userId" TEXT,
    "reference" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EventToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ChatConversation_platform_workspaceId_userId_idx" ON "ChatConversation"("platform", "workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatConversation_platform_conversationId_key" ON "ChatConversation"("platform", "conversationId");

-- CreateIndex
CREATE UNIQUE INDEX "EventToken_tokenHash_key" ON "EventToken"("tokenHash");

-- CreateIndex
CREATE INDEX "EventToken_meetingId_idx" ON "EventToken"("meetingId");

-- CreateIndex
CREATE INDEX "EventToken_memberId_idx" ON "EventToken"("memberId");

