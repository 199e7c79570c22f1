-- AlterTable
ALTER TABLE "Viewpoint" ADD COLUMN "heardVia" TEXT;

-- CreateTable
CREATE TABLE "ViewpointRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "decisionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "reason" TEXT,
    "side" TEXT,
    "recordedByMemberId" TEXT,
    "heardVia" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ViewpointRevision_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ViewpointRevision_decisionId_memberId_createdAt_idx" ON "ViewpointRevision"("decisionId", "memberId", "createdAt");


-- Backfill: each stance given before this migration becomes the first entry of its history.
INSERT INTO "ViewpointRevision" ("id", "decisionId", "memberId", "answer", "reason", "side", "recordedByMemberId", "heardVia", "createdAt")
SELECT 'rev-' || "id", "decisionId", "memberId", "answer", "reason", "side", "recordedByMemberId", NULL, "updatedAt" FROM "Viewpoint";
