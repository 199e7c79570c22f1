-- One leased queue for outgoing messages and due work (QueueItem replaces OutboxMessage and
-- Job), and one opaque store for state that only an adapter needs (AdapterRecord replaces
-- ChatConversation and HeldFile). Rows are copied before the old tables go, so nothing queued
-- at upgrade is lost. Payloads are copied as they are: job payloads keep their JSON, and the
-- dispatcher still reads messages written in the previous release's message model.

-- CreateTable
CREATE TABLE "QueueItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "messageKey" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dueAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "leaseOwner" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "AdapterRecord" (
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME,

    PRIMARY KEY ("namespace", "key")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueItem_dedupeKey_key" ON "QueueItem"("dedupeKey");

-- CreateIndex
CREATE INDEX "QueueItem_status_dueAt_idx" ON "QueueItem"("status", "dueAt");

-- CreateIndex
CREATE INDEX "QueueItem_messageKey_status_idx" ON "QueueItem"("messageKey", "status");

-- CreateIndex
CREATE INDEX "QueueItem_kind_status_idx" ON "QueueItem"("kind", "status");

-- CreateIndex
CREATE INDEX "AdapterRecord_expiresAt_idx" ON "AdapterRecord"("expiresAt");

-- Outgoing messages first, with their own ids: the id is the delivery order, and the jobs
-- copied next get ids after them. "delivered" is now "done", as for jobs.
INSERT INTO "QueueItem" ("id", "kind", "dedupeKey", "messageKey", "payload", "status", "attempts", "dueAt", "leaseUntil", "leaseOwner", "lastError", "createdAt", "doneAt")
SELECT "id", 'message', NULL, "key", "payload",
       CASE "status" WHEN 'delivered' THEN 'done' ELSE "status" END,
       "attempts", "nextAttemptAt", "leaseUntil", NULL, "lastError", "createdAt", "deliveredAt"
FROM "OutboxMessage"
ORDER BY "id";

-- Jobs keep kind, key, payload, due time, status, attempts and lease. Their ids change (they
-- were UUIDs): a job that had run but was not yet marked done at upgrade may run once more.
INSERT INTO "QueueItem" ("kind", "dedupeKey", "messageKey", "payload", "status", "attempts", "dueAt", "leaseUntil", "leaseOwner", "lastError", "createdAt", "doneAt")
SELECT "kind", "idempotencyKey", NULL, "payload", "status", "attempts", "dueAt", "leaseUntil", "leaseOwner", "lastError", "createdAt", "doneAt"
FROM "Job"
ORDER BY "createdAt", "id";

-- Teams conversation references (adapters/teams/conversations.ts): the reference of each
-- conversation, then the newest conversation of each person's chat with the bot and of each
-- tenant (a tie on updatedAt goes to the larger id, so each key is written once).
INSERT INTO "AdapterRecord" ("namespace", "key", "value", "updatedAt", "expiresAt")
SELECT 'teams', 'conversation:' || "conversationId", "reference", "updatedAt", NULL
FROM "ChatConversation"
WHERE "platform" = 'teams';

INSERT INTO "AdapterRecord" ("namespace", "key", "value", "updatedAt", "expiresAt")
SELECT 'teams', 'personal:' || c."workspaceId" || ':' || c."userId", c."conversationId", c."updatedAt", NULL
FROM "ChatConversation" c
WHERE c."platform" = 'teams' AND c."userId" IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM "ChatConversation" n
    WHERE n."platform" = 'teams' AND n."workspaceId" = c."workspaceId" AND n."userId" = c."userId"
      AND (n."updatedAt" > c."updatedAt" OR (n."updatedAt" = c."updatedAt" AND n."id" > c."id"))
  );

INSERT INTO "AdapterRecord" ("namespace", "key", "value", "updatedAt", "expiresAt")
SELECT 'teams', 'tenant:' || c."workspaceId", c."conversationId", c."updatedAt", NULL
FROM "ChatConversation" c
WHERE c."platform" = 'teams'
  AND NOT EXISTS (
    SELECT 1 FROM "ChatConversation" n
    WHERE n."platform" = 'teams' AND n."workspaceId" = c."workspaceId"
      AND (n."updatedAt" > c."updatedAt" OR (n."updatedAt" = c."updatedAt" AND n."id" > c."id"))
  );

-- Held files are not copied: they live a day at most. A person who answers a consent card
-- offered before the upgrade gets today's "the file has expired, ask again" answer.

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "OutboxMessage";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "Job";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "ChatConversation";
PRAGMA foreign_keys=on;

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "HeldFile";
PRAGMA foreign_keys=on;
