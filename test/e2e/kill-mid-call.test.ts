import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { deliveredAll, processTests, startServerProcess } from "../support/server-process.ts";
import type { RecordedCall } from "../support/slack-api.ts";
import { postInteraction, postSlashCommand, viewSubmission } from "../support/slack-driver.ts";

/**
 * Issue #15's fault: a server process killed (kill -9) with Web API calls in flight, and the next
 * one started on the same database. Slack received those calls and never answered them: nobody can
 * tell whether the messages went out, Slack's `chat.postMessage` takes no idempotency key, so
 * they are sent again (the at-least-once the README owns to). Everything else is sent once,
 * nothing is lost, and what the killed process committed stays.
 */

const MEMBERS = 10;

const processes = processTests();

const memberId = (n: number) => `U0K${String(n).padStart(2, "0")}`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A post as Slack shows it: where, and what. */
const post = (call: RecordedCall) => `${String(call.args.channel)} ${String(call.args.text)}`;

describe("a process killed with calls in flight", () => {
  it("the next one sends again only what was in flight, everything else once, and loses nothing", async () => {
    const { testDb, api, children } = processes;
    const apiUrl = await api.start();
    const first = await startServerProcess(children, testDb.url, apiUrl);
    expect(
      (await postSlashCommand(first.url, { userId: "U0COORD", text: "setup FAM-2026-778" })).status,
    ).toBe(200);
    await vi.waitFor(async () => expect(await testDb.db.equipe.count()).toBe(1), { timeout: 20_000 });
    for (let n = 0; n < MEMBERS; n += 1) {
      await postSlashCommand(first.url, { userId: "U0COORD", text: `add <@${memberId(n)}> educator` });
      await vi.waitFor(async () => expect(await testDb.db.member.count()).toBe(n + 2), { timeout: 20_000 });
    }
    await deliveredAll(testDb);

    // Slack takes every post from now on and answers none: the convening's first post is in flight
    // when the process is killed, and the others wait their turn behind it.
    const postedBefore = api.callsTo("chat.postMessage").length;
    api.holding.add("chat.postMessage");
    const convened = await postInteraction(
      first.url,
      viewSubmission("U0COORD", "C0EQUIPE", {
        purpose: "t1",
        duration: "60",
        slots: `${day(10)} 10:00\n${day(11)} 10:00`,
        deadline: `${day(5)} 18:00`,
        location: "",
      }),
    );
    expect(convened.status).toBe(200);
    await vi.waitFor(() => expect(api.unanswered.length).toBeGreaterThan(0), { timeout: 20_000 });
    // A bucket's first call of a pass goes alone: unanswered, nothing more follows it.
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    const inFlight = api.unanswered.map(post);
    const queued = await testDb.db.queueItem.count({ where: { kind: "message", status: "pending" } });
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThan(queued);
    api.holding.delete("chat.postMessage");
    // What the killed process committed stayed: the meeting, its times, every message to send.
    const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    expect(meeting.slots).toHaveLength(2);

    // A minute later its leases have ended (moved on here rather than waited for); the next
    // process starts on the same database (on SQLite the killed one's claim went with it).
    await testDb.db.queueItem.updateMany({
      where: { status: "pending", leaseUntil: { not: null } },
      data: { leaseUntil: new Date(Date.now() - 1_000) },
    });
    await startServerProcess(children, testDb.url, apiUrl);
    await deliveredAll(testDb);

    const sentAfter = api.callsTo("chat.postMessage").slice(postedBefore).map(post);
    const all = [...inFlight, ...sentAfter];
    const times = new Map<string, number>();
    for (const one of all) times.set(one, (times.get(one) ?? 0) + 1);
    // Every poll, each member's and the coordinator's, and the channel's: none lost.
    const polls = [...times.keys()].filter((one) => one.startsWith("D"));
    expect(polls).toHaveLength(MEMBERS + 1);
    expect([...times.keys()].filter((one) => one.startsWith("C0EQUIPE "))).toHaveLength(1);
    expect(times.size).toBe(MEMBERS + 2);
    // Twice exactly what was in flight when the process died; everything else once.
    const twice = [...times].filter(([, n]) => n === 2).map(([one]) => one);
    expect(twice.sort()).toEqual([...inFlight].sort());
    expect([...times.values()].every((n) => n <= 2)).toBe(true);
    expect(await testDb.db.queueItem.count({ where: { kind: "message", status: { not: "done" } } })).toBe(0);
  }, 120_000);
});
