-- AlterTable
ALTER TABLE "QueueItem" ADD COLUMN "expiresAt" DATETIME;

