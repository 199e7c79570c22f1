-- CreateTable
CREATE TABLE "PageQrLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "pageLinkId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "issuedByMemberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "PageQrLink_tokenHash_key" ON "PageQrLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PageQrLink_pageLinkId_idx" ON "PageQrLink"("pageLinkId");

