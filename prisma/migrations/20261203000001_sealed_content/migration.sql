-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "QueueItem" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "Viewpoint" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "ViewpointRevision" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "DecisionAction" ADD COLUMN "keyId" TEXT;

-- AlterTable
ALTER TABLE "AdapterRecord" ADD COLUMN "keyId" TEXT;

