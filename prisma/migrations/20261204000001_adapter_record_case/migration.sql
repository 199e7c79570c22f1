-- AlterTable
ALTER TABLE "AdapterRecord" ADD COLUMN "equipeId" TEXT;

-- CreateIndex
CREATE INDEX "AdapterRecord_equipeId_idx" ON "AdapterRecord"("equipeId");

