import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORK_WAITING_MAX, WorkQueue } from "../../src/core/work-queue.ts";
import { buttonClick, postInteraction, postSlashCommand, viewSubmission } from "../support/slack-driver.ts";
import { HttpHarness } from "./harness.ts";

/**
 * Far more clicks at once than the work queue runs or holds in line: without a queue, Prisma's
 * interactive transactions waited past their limit for SQLite's one writer and most of these
 * clicks were acknowledged and then lost. More than its line holds, so that it fills: the
 * acknowledgements past it wait for room (up to `ROOM_WAIT_MS`, then their work goes in anyway).
 */
const CLICKS = WORK_WAITING_MAX + 200;
const MEMBERS = ["U0A", "U0B", "U0C", "U0D"];
const ANSWERS = ["poll:yes", "poll:if_needed", "poll:no"];

const harness = new HttpHarness();
let slotValues: string[] = [];
/** Each change of the work queue's room (`WorkQueue.hasRoom`), in order. */
const roomChanges: boolean[] = [];
const watchRoom = WorkQueue.prototype.watchRoom;
const run = WorkQueue.prototype.run;
/** While set, every unit of work given to the queue waits for it before it starts. */
let gate: Promise<void> | undefined;

beforeAll(async () => {
  WorkQueue.prototype.run = function <T>(
    this: WorkQueue,
    work: () => Promise<T>,
    key?: string,
    first?: boolean,
  ): Promise<T> {
    const held = gate;
    const gated = held
      ? async () => {
          await held;
          return work();
        }
      : work;
    return run.call(this, gated, key, first) as Promise<T>;
  };
  WorkQueue.prototype.watchRoom = function (this: WorkQueue, watcher: (room: boolean) => void) {
    watchRoom.call(this, (room) => {
      roomChanges.push(room);
      watcher(room);
    });
  };
  await harness.start();
  const url = harness.running.url;
  await postSlashCommand(url, { userId: "U0COORD", text: "setup FAM-2026-900" });
  for (const user of MEMBERS)
    await postSlashCommand(url, { userId: "U0COORD", text: `add <@${user}> educator` });
  await harness.running.idle();
  const day = (offset: number) =>
    new Date(harness.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await postInteraction(
    url,
    viewSubmission("U0COORD", "C0EQUIPE", {
      purpose: "t1",
      duration: "60",
      slots: `${day(10)} 10:00\n${day(11)} 10:00`,
      deadline: `${day(5)} 18:00`,
      location: "",
    }),
  );
  await harness.running.idle();
  const meeting = await harness.running.db.meeting.findFirstOrThrow({ include: { slots: true } });
  slotValues = meeting.slots.map((slot) => `${meeting.id}:${slot.id}`);
  expect(slotValues).toHaveLength(2);
}, 60_000);

afterAll(async () => {
  WorkQueue.prototype.watchRoom = watchRoom;
  WorkQueue.prototype.run = run;
  await harness.stop();
});

describe("overload: work after the acknowledgement waits its turn and is never lost", () => {
  it(`acknowledges ${CLICKS} signed clicks fired at once with 200, and does the work of every one`, async () => {
    const url = harness.running.url;
    // No work starts until every click has been answered: the line fills whatever the machine's
    // speed, and the clicks past it wait for room (ROOM_WAIT_MS), then go in all the same.
    let open = () => {};
    gate = new Promise<void>((opened) => {
      open = opened;
    });
    const triggers = Array.from({ length: CLICKS }, (_, i) => `overload.${i}`);
    const statuses = await Promise.all(
      triggers.map(async (trigger, i) => {
        const response = await postInteraction(
          url,
          buttonClick(
            MEMBERS[i % MEMBERS.length] ?? "U0A",
            ANSWERS[i % ANSWERS.length] ?? "poll:yes",
            slotValues[i % slotValues.length] ?? "",
            trigger,
          ),
        );
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    gate = undefined;
    open();
    await harness.running.idle();
    // The line was full, then had room again; the clicks that found no room in time went in anyway.
    expect(roomChanges).toContain(false);
    expect(roomChanges.at(-1)).toBe(true);
    expect(harness.lines.some((line) => line.event === "work.overflow")).toBe(true);

    // Every click's unit of work committed: its delivery is recorded once, as every write records it.
    const recorded = await harness.running.db.processedDelivery.findMany({
      where: { key: { startsWith: "slack:trigger:overload." } },
      select: { key: true },
    });
    expect(recorded.map((row) => row.key).sort()).toEqual(triggers.map((t) => `slack:trigger:${t}`).sort());
    // None failed (a transaction that waited past Prisma's limit would be answered as an internal error).
    expect(harness.lines.filter((line) => line.event === "command.failed")).toEqual([]);
    expect(harness.lines.filter((line) => line.event === "slack.handler.error")).toEqual([]);
  }, 120_000);
});
