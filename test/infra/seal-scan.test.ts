import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISSUE_SCALE, seed } from "../../bench/seed.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import { SEALED_COLUMNS, sealLegacyRows } from "../../src/infra/sealed-rows.ts";
import { startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { captureStatements, explainAll, readsRows } from "../support/query-plans.ts";
import { opened, queued } from "../support/sealed.ts";

/**
 * Issue 15: every start looks for rows an older release wrote in clear (`keyId` NULL) and seals
 * them. Looking must not read the sealed tables whole (seconds at the issue's size, at every
 * start of every replica); and what an older release still writes in clear after a start (a
 * replica not yet replaced in a rolling upgrade, a rollback) must still be found at the next one.
 * The plans, not times, are checked here; the times are `npm run bench:start`'s.
 */

const SEALED = new Set(Object.keys(SEALED_COLUMNS));
const AT = new Date("2027-03-01T09:00:00Z");

let testDb: TestDb;

beforeAll(async () => {
  testDb = await freshDb();
}, 60_000);

afterAll(async () => {
  await testDb?.dispose();
});

describe("the start's look for rows in clear", () => {
  it("reads no sealed table in full when nothing is left to seal", async () => {
    // A small database of the issue's shape, analysed as one in service is.
    await seed(testDb.db, testDb.url, { ...ISSUE_SCALE, equipes: 20, feedEquipes: 5 }, TEST_DATA_KEY);
    await testDb.db.$executeRawUnsafe("ANALYZE");
    const capture = captureStatements();
    try {
      capture.start();
      const running = await startServer(
        loadConfig({
          PORT: "0",
          DATABASE_URL: testDb.url,
          EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
          TEAMS_ALLOW_UNAUTHENTICATED: "true",
        }),
        { skipMigrations: true, log: silentLog },
      );
      capture.stop();
      await running.close();
    } finally {
      capture.uninstall();
    }
    const looks = capture.statements().filter((s) => readsRows(s.sql) && /keyId["`]? IS NULL/i.test(s.sql));
    // The capture sees the look at every sealed table.
    for (const table of SEALED)
      expect(
        looks.some((s) => new RegExp(`["\`]${table}["\`]`).test(s.sql)),
        table,
      ).toBe(true);
    const findings = await explainAll(testDb.db.kind, testDb.url, looks, SEALED);
    // On SQLite any SCAN of a sealed table counts, even one through its primary key's index (rows
    // in id order, filtered): with no row to find, that reads every row as well.
    const scans = findings
      .filter((f) => f.fullScans.length > 0 || (testDb.db.kind === "sqlite" && /^SCAN /m.test(f.plan)))
      .map((f) => `${f.fullScans.join(", ")}:\n  ${f.sql}\n  ${f.plan.replaceAll("\n", "\n  ")}`);
    expect(scans).toEqual([]);
  }, 120_000);

  it("still seals what an older release writes in clear after a start, at the next start", async () => {
    const { db } = testDb;
    expect(await sealLegacyRows(db, db.cipher)).toBe(0);
    // Rows as a release from before sealing writes them: no keyId, content in clear.
    const job = await db.queueItem.create({
      data: {
        kind: "poll.reminder",
        payload: JSON.stringify({ meetingId: "written-in-clear" }),
        status: "pending",
        dueAt: AT,
        createdAt: AT,
      },
    });
    await db.adapterRecord.create({
      data: { namespace: "teams", key: "conversation:clear", value: '{"clear":true}' },
    });

    expect(await sealLegacyRows(db, db.cipher)).toBe(2);
    const [row] = await queued(db, { id: job.id });
    expect(row?.keyId).toBe(db.cipher.keyId);
    expect(row?.payload).toBe(JSON.stringify({ meetingId: "written-in-clear" }));
    const record = await db.adapterRecord.findUniqueOrThrow({
      where: { namespace_key: { namespace: "teams", key: "conversation:clear" } },
    });
    expect(record.value).not.toContain("clear");
    expect(opened(db, "AdapterRecord", record).value).toBe('{"clear":true}');
    // And nothing is left for the start after.
    expect(await sealLegacyRows(db, db.cipher)).toBe(0);
  });
});
