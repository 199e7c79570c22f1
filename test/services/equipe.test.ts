import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { renderBlocks, renderFallback } from "../../adapters/slack/render.ts";
import type { Message } from "../../src/content/model.ts";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { clickNewest } from "../support/clicks.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { slackView } from "../support/display.ts";
import { FakeClock, type LogLine, makeDeps, slackCtx } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";

const COORD = "U0COORD";
const EDU = "U0EDU";
const OTHER = "U0OTHER";

let testDb: TestDb;
let deps: ServiceDeps;

async function run(userId: string, text: string, options: Parameters<typeof slackCtx>[1] = {}) {
  await createCore(deps).command(slackCtx(userId, options), text, parseSlackUserRef);
}

/** Outbox rows written so far, oldest first, with their target and text. */
async function outbox() {
  const rows = await queued(testDb.db, { kind: "message" });
  return rows.map((row) => {
    const { target, message } = JSON.parse(row.payload) as {
      target: { kind: string; userId?: string };
      message: Message;
    };
    // What a Slack reader sees.
    return {
      target,
      message: { text: slackView({ text: renderFallback(message), blocks: renderBlocks(message) }).text },
    };
  });
}

async function lastReply() {
  const all = await outbox();
  return all.at(-1);
}

async function counts() {
  const db = testDb.db;
  return {
    equipes: await db.equipe.count(),
    members: await db.member.count({ where: { removedAt: null } }),
    bindings: await db.channelBinding.count(),
    audit: await db.auditEntry.count(),
  };
}

beforeEach(async () => {
  testDb = await freshDb();
  deps = makeDeps(new PrismaStore(testDb.db), new FakeClock(new Date("2026-11-23T09:00:00Z")));
});
afterEach(async () => {
  await testDb.dispose();
});

describe("équipe set-up and members", () => {
  it("binds the channel and makes the caller coordinator", async () => {
    await run(COORD, "configura FAM-2025-014");
    const reply = await lastReply();
    expect(reply?.target).toMatchObject({ kind: "ephemeral", userId: COORD });
    expect(reply?.message.text).toContain("FAM-2025-014");
    const member = await testDb.db.member.findFirstOrThrow({ select: { isCoordinator: true, role: true } });
    expect(member).toEqual({ isCoordinator: true, role: "social_worker" });
  });

  it("answers in English when the caller's locale is English", async () => {
    await run(COORD, "setup FAM-2025-014", { locale: "en" });
    expect((await lastReply())?.message.text).toMatch(/^Channel linked/);
  });

  it("refuses a second set-up of the same channel and writes nothing", async () => {
    await run(COORD, "setup FAM-2025-014");
    const before = await counts();
    await run(COORD, "setup FAM-2025-015");
    expect(await counts()).toEqual(before);
    expect((await lastReply())?.message.text).toContain("già collegato");
  });

  it("binds another channel at once for a coordinator, and asks the coordinators for anyone else", async () => {
    await run(COORD, "setup FAM-2025-014");
    await run(OTHER, "setup FAM-2025-014", { channelId: "C0OTHER" });
    const replies = await outbox();
    expect(replies.at(-1)?.message.text).toContain("ti scrivo appena qualcuno risponde");
    // The coordinator is asked privately, with Approve / Refuse; nothing is bound yet.
    expect(replies.at(-2)).toMatchObject({ target: { kind: "direct", userId: COORD } });
    expect(replies.at(-2)?.message.text).toContain("chiede di collegare una conversazione Slack");
    expect(await testDb.db.channelBinding.count()).toBe(1);
    expect(await testDb.db.member.count()).toBe(1);
    await run(COORD, "setup FAM-2025-014", { channelId: "C0SECOND" });
    expect(await testDb.db.channelBinding.count()).toBe(2);
    // The conversation there already hears of the new one.
    const announced = (await outbox()).find((r) => r.message.text.includes("collegato anche a un'altra"));
    expect(announced?.target).toMatchObject({ kind: "channel" });
  });

  it("adds, updates and lists members; externals' e-mails only to coordinators", async () => {
    await run(COORD, "setup FAM-2025-014");
    await run(COORD, `aggiungi <@${EDU}|edu> educatore`);
    expect((await lastReply())?.target.kind).toBe("channel");
    expect((await lastReply())?.message.text).toBe(`@${EDU} è ora nell'équipe come educatore/educatrice.`);
    await run(COORD, `add <@${EDU}> teacher`);
    expect((await lastReply())?.message.text).toContain("faceva già parte");
    await run(COORD, "aggiungi-esterno mamma@example.org genitore Anna B.");
    await run(COORD, "membri");
    const coordView = (await lastReply())?.message.text ?? "";
    expect(coordView).toContain("3 membri");
    expect(coordView).toContain("Anna B.");
    expect(coordView).toContain("mamma@example.org");
    await run(EDU, "members");
    const memberView = (await lastReply())?.message.text ?? "";
    expect(memberView).toContain("Anna B.");
    expect(memberView).not.toContain("mamma@example.org");
  });

  it("refuses non-coordinators politely and writes nothing", async () => {
    await run(COORD, "setup FAM-2025-014");
    await run(COORD, `add <@${EDU}> educatore`);
    const before = await counts();
    await run(EDU, `add <@${OTHER}> insegnante`);
    expect((await lastReply())?.message.text).toContain("Solo chi coordina");
    await run(OTHER, "add-external x@example.org volontario Luca");
    expect((await lastReply())?.message.text).toContain("Non fai parte");
    await run(EDU, `remove <@${COORD}>`);
    expect(await counts()).toEqual(before);
  });

  it("keeps a coordinator coordinating when their role changes, and never demotes the last one", async () => {
    await run(COORD, "setup FAM-2025-014");
    await run(COORD, `add <@${COORD}> educatore`);
    expect((await lastReply())?.message.text).toContain("ora il ruolo è educatore/educatrice (coordina)");
    expect(await testDb.db.member.findFirstOrThrow({ select: { isCoordinator: true, role: true } })).toEqual({
      isCoordinator: true,
      role: "educator",
    });
    await run(COORD, `add <@${COORD}> insegnante non-coordinatore`);
    expect((await lastReply())?.message.text).toContain("Sei l'unica persona che coordina");
    expect(await testDb.db.member.findFirstOrThrow({ select: { isCoordinator: true, role: true } })).toEqual({
      isCoordinator: true,
      role: "educator",
    });
  });

  it("removes members but never the last coordinator", async () => {
    await run(COORD, "setup FAM-2025-014");
    await run(COORD, `add <@${EDU}> educatore`);
    await run(COORD, `remove <@${COORD}>`);
    expect((await lastReply())?.message.text).toContain("ultima persona che coordina");
    await run(COORD, `rimuovi <@${EDU}>`);
    expect((await lastReply())?.message.text).toContain("Prima di rimuovere");
    expect(await testDb.db.member.count({ where: { removedAt: null } })).toBe(2);
    await clickNewest(createCore(deps), testDb, COORD, "member-remove");
    expect((await lastReply())?.message.text).toContain("non fa più parte");
    await run(EDU, "members");
    expect((await lastReply())?.message.text).toContain("Non fai parte");
    await run(COORD, "remove nobody@example.org");
    expect((await lastReply())?.message.text).toContain("non fa parte dell'équipe");
  });

  it("answers a command in a channel with no équipe with how to set one up", async () => {
    await run(OTHER, "members");
    expect((await lastReply())?.message.text).toContain("/equipe configura");
    expect(await counts()).toEqual({ equipes: 0, members: 0, bindings: 0, audit: 0 });
  });

  it("does the work once when the platform delivers the same command twice", async () => {
    await run(COORD, "setup FAM-2025-014");
    const ctx = slackCtx(COORD);
    await createCore(deps).command(ctx, `add <@${EDU}> educatore`, parseSlackUserRef);
    const before = { counts: await counts(), outbox: (await outbox()).length };
    await createCore(deps).command(ctx, `add <@${EDU}> educatore`, parseSlackUserRef);
    expect({ counts: await counts(), outbox: (await outbox()).length }).toEqual(before);
  });

  it("keeps logs free of names, e-mails and case codes", async () => {
    const lines: LogLine[] = [];
    deps = makeDeps(deps.store, deps.clock, lines);
    await run(COORD, "setup FAM-2025-014");
    await run(COORD, "add-external mamma@example.org genitore Anna B.");
    await run(COORD, "setup ROSSI-MARIO");
    const logged = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ["FAM-2025-014", "mamma@example.org", "Anna", "ROSSI"])
      expect(logged).not.toContain(secret);
  });
});
