-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "Decision" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "Decision" ADD COLUMN "cancelledByMemberId" TEXT;

