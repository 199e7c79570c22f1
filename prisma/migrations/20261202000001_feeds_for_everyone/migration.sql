-- AlterTable
ALTER TABLE "Member" ADD COLUMN "changedAt" DATETIME;

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contactEmail" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdInEquipeId" TEXT NOT NULL,
    "createdByMemberId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "OrganisationMembership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "equipeId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdByMemberId" TEXT NOT NULL,
    "removedAt" DATETIME,
    CONSTRAINT "OrganisationMembership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FeedToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "platform" TEXT,
    "workspaceId" TEXT,
    "platformUserId" TEXT,
    "memberId" TEXT,
    "organisationId" TEXT,
    "issuedByMemberId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);
INSERT INTO "new_FeedToken" ("createdAt", "id", "platform", "platformUserId", "revokedAt", "tokenHash", "workspaceId") SELECT "createdAt", "id", "platform", "platformUserId", "revokedAt", "tokenHash", "workspaceId" FROM "FeedToken";
DROP TABLE "FeedToken";
ALTER TABLE "new_FeedToken" RENAME TO "FeedToken";
CREATE UNIQUE INDEX "FeedToken_tokenHash_key" ON "FeedToken"("tokenHash");
CREATE INDEX "FeedToken_platform_workspaceId_platformUserId_idx" ON "FeedToken"("platform", "workspaceId", "platformUserId");
CREATE INDEX "FeedToken_memberId_idx" ON "FeedToken"("memberId");
CREATE INDEX "FeedToken_organisationId_idx" ON "FeedToken"("organisationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_contactEmail_key" ON "Organisation"("contactEmail");

-- CreateIndex
CREATE INDEX "OrganisationMembership_organisationId_idx" ON "OrganisationMembership"("organisationId");

-- CreateIndex
CREATE INDEX "OrganisationMembership_memberId_idx" ON "OrganisationMembership"("memberId");

-- CreateIndex
CREATE INDEX "OrganisationMembership_equipeId_idx" ON "OrganisationMembership"("equipeId");


-- Existing members: their membership last changed when they joined or left.
UPDATE "Member" SET "changedAt" = COALESCE("removedAt", "createdAt");
