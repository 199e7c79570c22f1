-- CreateTable
CREATE TABLE "RateLimit" (
    "bucket" TEXT NOT NULL PRIMARY KEY,
    "until" DATETIME NOT NULL
);

