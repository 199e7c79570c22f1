-- CreateTable (IF NOT EXISTS: a development database may hold it from a draft of the migration before)
CREATE TABLE IF NOT EXISTS "ChangeClock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "bumps" INTEGER NOT NULL DEFAULT 0
);

-- The clock starts at the latest change already stamped, so that the next one comes after it.
INSERT OR IGNORE INTO "ChangeClock" ("id", "at", "bumps")
SELECT 1, MAX("at"), 0 FROM (
    SELECT MAX("updatedAt") AS "at" FROM "Meeting"
    UNION ALL SELECT MAX("changedAt") FROM "Member"
    UNION ALL SELECT MAX("createdAt") FROM "Organisation"
    UNION ALL SELECT MAX("createdAt") FROM "OrganisationMembership"
    UNION ALL SELECT MAX("removedAt") FROM "OrganisationMembership"
)
HAVING MAX("at") IS NOT NULL;
