import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Core } from "../../src/core/dispatch.ts";
import type { EquipeId, MeetingId } from "../../src/domain/ids.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx, TWO_TIMES_FORM } from "../support/fakes.ts";
import { captureStatements } from "../support/query-plans.ts";

let testDb: TestDb;
let core: Core;
const run = (user: string, text: string) => core.command(slackCtx(user), text, parseSlackUserRef);

beforeEach(async () => {
  testDb = await freshDb();
  core = createCore(makeDeps(new PrismaStore(testDb.db), new FakeClock(new Date("2026-11-23T09:00:00Z"))));
  await run("U0COORD", "setup FAM-2026-012");
  for (const user of ["U0A", "U0B", "U0C"]) await run("U0COORD", `add <@${user}> educatore`);
  await core.submitForm(
    slackCtx("U0COORD"),
    "convene",
    // A place: the read of a meeting opens its sealed fields.
    { ...TWO_TIMES_FORM, location: "Sala riunioni 2" },
    CHANNEL,
  );
});
afterEach(() => testDb.dispose());

const capture = captureStatements();
afterAll(() => capture.uninstall());

/** Transaction control (BEGIN, COMMIT, PostgreSQL's isolation level): the same around every unit of work. */
const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)\b/i;

/**
 * The statements `work` ran but transaction control, by shape (quotes dropped, so that both
 * databases' statements read alike), and in all: counting is deterministic where timing is not.
 */
async function statementsOf(work: () => Promise<unknown>) {
  capture.clear();
  capture.start();
  try {
    await work();
  } finally {
    capture.stop();
  }
  const byShape = new Map<string, number>();
  for (const [sql, n] of capture.runs())
    if (!CONTROL.test(sql)) byShape.set(sql.replace(/\s+/g, " ").replace(/["`]/g, "").trim(), n);
  return { total: [...byShape.values()].reduce((sum, n) => sum + n, 0), byShape };
}

/** A member's click on a poll button, as the Slack adapter hands it to the core: its statements. */
async function click(user: string, answer: string, slot = 0) {
  const meeting = await testDb.db.meeting.findFirstOrThrow({
    include: { slots: { orderBy: { position: "asc" } } },
  });
  return statementsOf(() =>
    core.action(
      { ...slackCtx(user), place: { kind: "private" } },
      `poll:${answer}`,
      `${meeting.id}:${meeting.slots[slot]?.id}`,
    ),
  );
}

/** Statements of these shapes, in all. */
const of = (byShape: Map<string, number>, pattern: RegExp) =>
  [...byShape].filter(([shape]) => pattern.test(shape)).reduce((sum, [, n]) => sum + n, 0);

describe("a poll-button click's unit of work", () => {
  it("runs a fixed, small number of SQL statements: each thing read once, each kind of row written once", async () => {
    await click("U0A", "yes");
    const { total, byShape } = await click("U0B", "no", 1);
    // The actor and the équipe's members (for the poll's count): one read.
    expect(of(byShape, /^SELECT .* FROM ((main|public)\.)?Member\b/)).toBe(1);
    // The delivery recorded once: one statement, no look-up before it.
    expect(of(byShape, /ProcessedDelivery/)).toBe(1);
    // The member's poll and the conversation's count: one insert into the queue.
    expect(of(byShape, /^INSERT INTO .*QueueItem/)).toBe(1);
    // The meeting, its times, its équipe and the équipe's conversations: one read.
    expect(of(byShape, /^SELECT .* FROM ((main|public)\.)?(Meeting|Slot|Equipe|ChannelBinding)\b/)).toBe(1);
    // Besides BEGIN and COMMIT: the delivery, the meeting with its équipe, the members, the
    // answer, the answers, the audit entry, the queue.
    expect(total, [...byShape].map(([shape, n]) => `${n} ${shape.slice(0, 80)}`).join("\n")).toBe(7);
  });

  it("is refused to a stranger after one read of who they are, and writes nothing", async () => {
    const before = await testDb.db.queueItem.count();
    const { byShape } = await click("U0STRANGER", "yes");
    expect(of(byShape, /^INSERT INTO .*(Availability|AuditEntry)/)).toBe(0);
    expect(await testDb.db.availability.count()).toBe(0);
    // The refusal itself is the only message queued.
    expect(await testDb.db.queueItem.count()).toBe(before + 1);
  });

  it("records a platform's second delivery of the same click once", async () => {
    const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    const req = { ...slackCtx("U0A"), place: { kind: "private" as const } };
    const value = `${meeting.id}:${meeting.slots[0]?.id}`;
    await core.action(req, "poll:yes", value);
    await core.action(req, "poll:no", value);
    expect(await testDb.db.availability.findMany({ select: { answer: true } })).toEqual([{ answer: "yes" }]);
    expect(await testDb.db.auditEntry.count({ where: { action: "availability.answered" } })).toBe(1);
  });
});

describe("a meeting read with its équipe in one statement", () => {
  it("reads as the meeting and the équipe read apart: times in order, place opened, instants exact", async () => {
    const store = new PrismaStore(testDb.db);
    const { id, equipeId } = await testDb.db.meeting.findFirstOrThrow({
      select: { id: true, equipeId: true },
    });
    const meetingId = id as MeetingId;
    // Confirmed at a time with milliseconds, somewhere: every column the click reads is set.
    await store.transaction(async (repos) => {
      await repos.meetings.update(
        meetingId,
        { status: "confirmed", startsAt: new Date("2026-12-03T14:00:00.123Z"), sequence: 2 },
        new Date("2026-11-23T09:00:00Z"),
      );
    });
    // A second conversation bound to the équipe: each conversation once, in the order they were bound.
    await store.transaction((repos) =>
      repos.equipes.bindChannel(equipeId as EquipeId, {
        platform: "teams",
        workspaceId: "T9",
        channelId: "19:b",
      }),
    );
    const together = await store.snapshot(async (repos) => {
      const found = await repos.meetings.findWithEquipe(meetingId);
      return { ...found, channels: await repos.equipes.channelsOf(equipeId as EquipeId) };
    });
    const apart = await store.snapshot(async (repos) => ({
      meeting: await repos.meetings.findById(meetingId),
      equipe: await repos.equipes.findById(equipeId as EquipeId),
      channels: await repos.equipes.channelsOf(equipeId as EquipeId),
    }));
    expect(together).toEqual(apart);
    expect(together.channels).toHaveLength(2);
    expect(together.meeting?.slots.map((s) => s.position)).toEqual([1, 2]);
    expect(together.meeting?.startsAt?.toISOString()).toBe("2026-12-03T14:00:00.123Z");
    expect(together.meeting?.location).toBe("Sala riunioni 2");
    expect(await store.snapshot((repos) => repos.meetings.findWithEquipe("0" as MeetingId))).toBeUndefined();
  });
});

describe("the outbox's insert of one unit of work", () => {
  it("numbers its messages in the order they were told (the delivery order)", async () => {
    const store = new PrismaStore(testDb.db);
    const at = new Date("2026-11-23T09:00:00Z");
    const messages = Array.from({ length: 40 }, (_, i) => ({
      target: { kind: "channel" as const, platform: "slack" as const, workspaceId: "T0", channelId: `C${i}` },
      message: { blocks: [], attachments: [] },
      key: `order:${i}`,
    }));
    await store.transaction((repos) => repos.outbox.enqueue(messages, at));
    const rows = await testDb.db.queueItem.findMany({
      where: { messageKey: { startsWith: "order:" } },
      select: { messageKey: true },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.messageKey)).toEqual(messages.map((m) => m.key));
  });
});
