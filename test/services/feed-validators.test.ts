import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Core } from "../../src/core/dispatch.ts";
import { hashToken } from "../../src/core/links.ts";
import type { MeetingId } from "../../src/domain/ids.ts";
import { openFeed } from "../../src/features/meetings/calendar/queries.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { clickNewest } from "../support/clicks.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx, WORKSPACE } from "../support/fakes.ts";

/**
 * Feed validators read from the data must move with every change the feed shows, whatever the
 * clocks say: a change stamped by a clock behind the last one (a replica, NTP stepping back), two
 * changes in one instant, and reads while a change is under way (and then rolled back).
 */
let testDb: TestDb;
let store: PrismaStore;
let core: Core;
let deps: ReturnType<typeof makeDeps>;
const clock = new FakeClock(new Date("2027-01-10T09:00:00Z"));
const run = (user: string, text: string) => core.command(slackCtx(user), text, parseSlackUserRef);
const token = randomBytes(32).toString("base64url");

async function convene(day: string) {
  await core.submitForm(
    slackCtx("U0COORD"),
    "convene",
    {
      purpose: "microplanning",
      duration: "60",
      slots: `${day} 15:00\n${day} 17:00`,
      deadline: "2027-01-20 12:00",
      location: "",
    },
    CHANNEL,
  );
}
async function confirmFirst() {
  await run("U0COORD", "conferma 1");
  await clickNewest(core, testDb, "U0COORD", "confirm-send");
}
async function feed() {
  const opened = await openFeed(deps, token);
  if (opened === undefined) throw new Error("no feed");
  const body = await opened.body();
  const text = body.raw.toString();
  return {
    ...opened.validators,
    events: text.match(/BEGIN:VEVENT/g)?.length ?? 0,
    text,
  };
}
/** Each event's text in a feed, by its UID. */
function eventsByUid(text: string): Map<string, string> {
  const events = text.match(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g) ?? [];
  return new Map(events.map((event) => [/^UID:(.*)\r$/m.exec(event)?.[1] ?? "", event]));
}

beforeEach(async () => {
  testDb = await freshDb();
  store = new PrismaStore(testDb.db);
  deps = makeDeps(store, clock);
  core = createCore(deps);
  clock.set(new Date("2027-01-10T09:00:00Z"));
  await run("U0COORD", "setup FAM-2027-010");
  await testDb.db.feedToken.create({
    data: {
      id: "f1",
      tokenHash: hashToken(token),
      platform: "slack",
      workspaceId: WORKSPACE,
      platformUserId: "U0COORD",
    },
  });
});
afterEach(() => testDb.dispose());

describe("feed validators", () => {
  it("move forward when a change is made by a clock behind the last one", async () => {
    clock.set(new Date("2027-01-10T10:00:10Z"));
    await convene("2027-02-03");
    await confirmFirst();
    clock.advance(5_000);
    const first = await feed();
    expect(first.events).toBe(1);
    // Another replica 3 s behind (or the clock stepped back) confirms a second meeting.
    clock.set(new Date("2027-01-10T10:00:07Z"));
    await convene("2027-02-10");
    await confirmFirst();
    clock.set(new Date("2027-01-10T10:00:20Z"));
    const second = await feed();
    expect(second.etag).not.toBe(first.etag);
    expect(second.lastModified.getTime()).toBeGreaterThan(first.lastModified.getTime());
    expect(second.events).toBe(2);
  });

  it("move with each of two changes made at the same instant", async () => {
    const instant = new Date("2027-01-11T10:00:30Z");
    await convene("2027-02-03");
    clock.set(instant);
    await confirmFirst();
    const first = await feed();
    await convene("2027-02-10");
    clock.set(instant);
    await confirmFirst();
    const second = await feed();
    expect(second.etag).not.toBe(first.etag);
    expect(second.lastModified.getTime()).toBeGreaterThan(first.lastModified.getTime());
    expect(second.events).toBe(2);
  });

  it("never show a change under way: a feed read during a transaction that is rolled back sees what was committed", async () => {
    await convene("2027-02-03");
    await confirmFirst();
    clock.set(new Date("2027-01-10T10:00:00Z"));
    const before = await feed();
    const meeting = await testDb.db.meeting.findFirstOrThrow({ where: { status: "confirmed" } });
    clock.set(new Date("2027-01-10T11:00:00Z"));
    let during: Promise<Awaited<ReturnType<typeof feed>>> | undefined;
    await expect(
      store.transaction(async (repos) => {
        await repos.meetings.update(
          meeting.id as MeetingId,
          { status: "cancelled", sequence: 5 },
          clock.now(),
        );
        // A calendar client polls while the change is under way (not awaited here: it is another request).
        during = feed();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("a late failure: rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const seen = await during;
    expect(seen?.etag).toBe(before.etag);
    expect(seen?.events).toBe(1);
    const after = await feed();
    expect(after.etag).toBe(before.etag);
    expect(after.lastModified.getTime()).toBe(before.lastModified.getTime());
  });

  it("write each event once per version of it: after one meeting moves, the next feed writes that one alone", async () => {
    for (const day of ["2027-02-03", "2027-02-10", "2027-02-17"]) {
      await convene(day);
      await confirmFirst();
      clock.advance(2_000);
    }
    const before = await feed();
    expect(before.events).toBe(3);
    const moved = await testDb.db.meeting.findFirstOrThrow({
      where: { status: "confirmed" },
      orderBy: { startsAt: "asc" },
    });
    clock.advance(60_000);
    const written = vi.spyOn(deps.calendar, "written");
    try {
      await store.transaction((repos) =>
        repos.meetings.update(
          moved.id as MeetingId,
          { startsAt: new Date("2027-02-04T14:00:00Z"), sequence: moved.sequence + 1 },
          clock.now(),
        ),
      );
      clock.advance(2_000);
      const after = await feed();
      expect(written).toHaveBeenCalledTimes(1);
      expect(after.etag).not.toBe(before.etag);
      const old = eventsByUid(before.text);
      const now = eventsByUid(after.text);
      expect([...now.keys()].sort()).toEqual([...old.keys()].sort());
      for (const [uid, text] of now) {
        if (uid === moved.icalUid) {
          // Moved: its own DTSTAMP is the move's stamp, later than the one it had.
          expect(text).not.toBe(old.get(uid));
          expect(text).toContain("SEQUENCE:1");
          const stamp = (event: string | undefined) => /^DTSTAMP:(\S+)\r$/m.exec(event ?? "")?.[1] ?? "";
          expect(stamp(text) > stamp(old.get(uid))).toBe(true);
        } else expect(text).toBe(old.get(uid));
      }
      // Asked again with nothing changed: served from memory, nothing written.
      written.mockClear();
      clock.advance(2_000);
      expect((await feed()).text).toBe(after.text);
      expect(written).not.toHaveBeenCalled();
    } finally {
      written.mockRestore();
    }
  });
});
