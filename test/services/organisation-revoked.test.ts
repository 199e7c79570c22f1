import { afterEach, beforeEach, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Core } from "../../src/core/dispatch.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";

/**
 * An organisation's feed shows every équipe it takes part in: revoked from one équipe, it stops
 * for all, and the coordinators of the others are told (not which case, nor who revoked it).
 */
let testDb: TestDb;
let core: Core;
const SCHOOL = "segreteria@scuola.example";
const run = (user: string, text: string, channelId = CHANNEL) =>
  core.command(slackCtx(user, { channelId }), text, parseSlackUserRef);

/** Texts queued for one Slack user privately (direct messages and ephemerals), oldest first. */
async function toUser(userId: string): Promise<string[]> {
  const rows = await queued(testDb.db, { kind: "message" });
  return rows
    .map((row) => JSON.parse(row.payload) as { target: { kind: string; userId?: string }; message: Message })
    .filter(({ target }) => target.kind !== "conversation" && target.userId === userId)
    .map(({ message }) => plainMessage(message));
}
const revocationNotices = async (userId: string) =>
  (await toUser(userId)).filter((r) => r.includes("revocato da chi coordina un'altra équipe"));

beforeEach(async () => {
  testDb = await freshDb();
  core = createCore(makeDeps(new PrismaStore(testDb.db), new FakeClock(new Date("2027-01-05T09:00:00Z"))));
  await run("U0COORD", "setup FAM-2027-001");
  await run("U0COORD", "add <@U0TEACH> insegnante");
  await run("U0COORD", `organizzazione <@U0TEACH> ${SCHOOL} Scuola Rodari`);
  // A second équipe, coordinated by someone else, in which the same school takes part.
  await run("U0OTHER", "setup FAM-2027-002", "C0OTHER");
  await run("U0OTHER", "add <@U0TEACH> insegnante", "C0OTHER");
  await run("U0OTHER", `organizzazione <@U0TEACH> ${SCHOOL} Scuola Rodari`, "C0OTHER");
  // A third, which the first coordinator coordinates too.
  await run("U0COORD", "setup FAM-2027-003", "C0THIRD");
  await run("U0COORD", "add <@U0TEACH> insegnante", "C0THIRD");
  await run("U0COORD", `organizzazione <@U0TEACH> ${SCHOOL} Scuola Rodari`, "C0THIRD");
});
afterEach(() => testDb.dispose());

it("revoked in one équipe: the other équipe's coordinator is told, without the case; the one who revoked is not told again", async () => {
  expect(await revocationNotices("U0OTHER")).toEqual([]);
  await run("U0COORD", `calendario-esterno ${SCHOOL} revoca`);
  const notices = await revocationNotices("U0OTHER");
  expect(notices).toHaveLength(1);
  expect(notices[0]).toContain("Scuola Rodari");
  expect(notices[0]).not.toContain("FAM-2027-001");
  // The first coordinator coordinates the third équipe too: they know already.
  expect(await revocationNotices("U0COORD")).toEqual([]);
  expect(await testDb.db.auditEntry.count({ where: { action: "feed.revoked" } })).toBe(1);
});

it("nothing live to revoke: nobody is told anything", async () => {
  await run("U0COORD", `calendario-esterno ${SCHOOL} revoca`);
  await run("U0OTHER", `calendario-esterno ${SCHOOL} revoca`, "C0OTHER");
  // The second revocation found nothing live: no notice to the first équipe's coordinator.
  expect(await revocationNotices("U0COORD")).toEqual([]);
  expect(await revocationNotices("U0OTHER")).toHaveLength(1);
});
