-- CreateTable
CREATE TABLE "BindingRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "equipeId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "requesterUserId" TEXT NOT NULL,
    "requesterName" TEXT,
    "requesterLocale" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    "decidedByMemberId" TEXT,
    CONSTRAINT "BindingRequest_equipeId_fkey" FOREIGN KEY ("equipeId") REFERENCES "Equipe" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BindingRequest_platform_workspaceId_channelId_status_idx" ON "BindingRequest"("platform", "workspaceId", "channelId", "status");

-- CreateIndex
CREATE INDEX "BindingRequest_equipeId_idx" ON "BindingRequest"("equipeId");

