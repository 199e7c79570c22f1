import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Core } from "../../src/core/dispatch.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { clickNewest } from "../support/clicks.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";

let testDb: TestDb;
let core: Core;
const run = (user: string, text: string) => core.command(slackCtx(user), text, parseSlackUserRef);
const lastText = async () => {
  const [row] = await queued(testDb.db, { kind: "message" }, { id: "desc" });
  if (row === undefined) throw new Error("no message queued");
  return plainMessage((JSON.parse(row.payload) as { message: Message }).message);
};

/** Clicks "Conferma e invia gli inviti" under the newest preview; the form it opens, if any. */
const send = () => clickNewest(core, testDb, "U0COORD", "confirm-send");

beforeEach(async () => {
  testDb = await freshDb();
  core = createCore(makeDeps(new PrismaStore(testDb.db), new FakeClock(new Date("2026-11-23T09:00:00Z"))));
  await run("U0COORD", "setup FAM-2026-010");
  await run("U0COORD", "add <@U0EDU> educatore");
  await run("U0COORD", "add-external mamma@example.org genitore Anna B.");
  await core.submitForm(
    slackCtx("U0COORD"),
    "convene",
    {
      purpose: "microplanning",
      duration: "60",
      slots: "2026-12-03 15:00\n2026-12-04 15:00\n2026-12-05 15:00",
      deadline: "2026-12-01 12:00",
      location: "",
    },
    CHANNEL,
  );
});
afterEach(() => testDb.dispose());

async function click(user: string, position: number, answer: "yes" | "if_needed" | "no") {
  const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
  const slot = meeting.slots.find((s) => s.position === position);
  await core.action(
    { ...slackCtx(user), place: { kind: "private" } },
    `poll:${answer}`,
    `${meeting.id}:${slot?.id}`,
  );
}

describe("confirming a meeting", () => {
  it("without a number takes the best time the family can attend", async () => {
    await click("U0EDU", 1, "yes");
    await click("U0EDU", 2, "yes");
    await click("U0COORD", 1, "yes");
    await run("U0COORD", "registra mamma@example.org 1:no 2:se 3:si");
    await run("U0COORD", "conferma");
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("polling");
    expect(await send()).toBeUndefined();
    const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    expect(meeting.status).toBe("confirmed");
    expect(meeting.slots.find((s) => s.id === meeting.confirmedSlotId)?.position).toBe(2);
    expect(
      await testDb.db.queueItem.count({ where: { kind: { startsWith: "poll." }, status: "pending" } }),
    ).toBe(0);
  });

  it("refuses to pick for the coordinator when the family can come at no time, but takes an explicit number", async () => {
    await run("U0COORD", "registra mamma@example.org 1:no 2:no 3:no");
    await run("U0COORD", "conferma");
    expect(await lastText()).toContain("Nessun orario va bene per la famiglia");
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("polling");
    await run("U0COORD", "conferma 7");
    expect(await lastText()).toContain("L'orario 7 non c'è");
    await run("U0COORD", "conferma 3");
    expect(await lastText()).toContain("serve un motivo");
    // The family cannot come at 3: the click asks for the reason first.
    const form = await send();
    expect(form?.id).toBe("confirm-reason");
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("polling");
    await core.submitForm(
      slackCtx("U0COORD"),
      "confirm-reason",
      { reason: "Unica data utile" },
      form?.metadata ?? "",
    );
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("confirmed");
    await run("U0COORD", "conferma 3");
    expect(await lastText()).toContain("Non c'è una proposta di orari aperta");
  });

  it("is refused to a member who does not coordinate, and nothing changes", async () => {
    await run("U0EDU", "conferma 1");
    expect(await lastText()).toContain("Solo chi coordina");
    expect((await testDb.db.meeting.findFirstOrThrow()).status).toBe("polling");
  });
});
