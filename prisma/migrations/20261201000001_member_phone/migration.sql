-- AlterTable
ALTER TABLE "Member" ADD COLUMN "phone" TEXT;

