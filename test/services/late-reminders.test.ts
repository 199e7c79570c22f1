import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Core } from "../../src/core/dispatch.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { clickNewest, commandForm } from "../support/clicks.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";

const HOUR = 3_600_000;
const START = new Date("2026-12-03T14:00:00Z");

let testDb: TestDb;
let core: Core;
let clock: FakeClock;
const run = (user: string, text: string) => core.command(slackCtx(user), text, parseSlackUserRef);

/** Messages queued since `from` (row id), as plain text. */
async function queuedSince(from: number): Promise<string[]> {
  const rows = await queued(testDb.db, { kind: "message", id: { gt: from } });
  return rows.map((row) => plainMessage((JSON.parse(row.payload) as { message: Message }).message));
}
const lastId = async () =>
  (await testDb.db.queueItem.findFirst({ where: { kind: "message" }, orderBy: { id: "desc" } }))?.id ?? 0;

/** Runs the pending job of this kind as the runner would, at the clock's time. */
async function runJob(kind: string) {
  const [job] = await queued(testDb.db, { kind, status: "pending" });
  if (job === undefined) throw new Error(`no pending ${kind}`);
  await core.jobHandlers()[kind]?.(String(job.id), JSON.parse(job.payload));
}

beforeEach(async () => {
  testDb = await freshDb();
  clock = new FakeClock(new Date("2026-11-23T09:00:00Z"));
  core = createCore(makeDeps(new PrismaStore(testDb.db), clock));
  await run("U0COORD", "setup FAM-2026-011");
  await run("U0COORD", "add <@U0EDU> educatore");
  await run("U0COORD", "add-external mamma@example.org genitore Anna B.");
  await core.submitForm(
    slackCtx("U0COORD"),
    "convene",
    {
      purpose: "microplanning",
      duration: "60",
      slots: "2026-12-03 15:00\n2026-12-04 15:00",
      deadline: "2026-12-01 12:00",
      location: "",
    },
    CHANNEL,
  );
  await run("U0COORD", "conferma 1");
  await clickNewest(core, testDb, "U0COORD", "confirm-send");
});
afterEach(() => testDb.dispose());

describe("a reminder whose moment has passed", () => {
  it("goes out before the meeting, to chat and by e-mail", async () => {
    clock.set(new Date(START.getTime() - 23 * HOUR));
    const from = await lastId();
    await runJob("meeting.reminder");
    const sent = await queuedSince(from);
    expect(sent.filter((text) => text.includes("Promemoria"))).toHaveLength(3);
  });

  it("is dropped, not sent, once the meeting has begun (after an outage)", async () => {
    clock.set(new Date(START.getTime() + 180 * 24 * HOUR));
    const from = await lastId();
    await runJob("meeting.reminder");
    expect(await queuedSince(from)).toEqual([]);
  });

  it("of a poll or a decision is dropped after its deadline", async () => {
    const cancel = await commandForm(core, "U0COORD", "annulla", parseSlackUserRef);
    await core.submitForm(
      slackCtx("U0COORD"),
      "meeting-cancel",
      { reason: "Rinviato" },
      cancel?.metadata ?? "",
    );
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("cancelled");
    await core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question: "Proseguiamo?",
        context: "",
        kind: "stances",
        options: "",
        deadline: "2026-12-20 18:00",
        participants: (await testDb.db.member.findMany({ select: { id: true } })).map((m) => m.id).join(","),
        familyReason: "",
      },
      CHANNEL,
    );
    clock.set(new Date("2026-12-21T09:00:00Z"));
    const from = await lastId();
    await runJob("decision.reminder");
    expect(await queuedSince(from)).toEqual([]);
  });
});
