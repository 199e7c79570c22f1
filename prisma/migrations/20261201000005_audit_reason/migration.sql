-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "reason" TEXT;

