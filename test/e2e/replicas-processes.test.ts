import { readdirSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { onPostgres } from "../support/db.ts";
import { deliveredAll, processTests, startServerProcess } from "../support/server-process.ts";
import { buttonClick, postInteraction, postSlashCommand, viewSubmission } from "../support/slack-driver.ts";

/**
 * Issue #15: three server processes (`src/main.ts`, as `npm run serve` runs it) on one PostgreSQL
 * database, Slack's requests spread over them as a load balancer spreads them, and Slack's
 * retries landing on another process than the first delivery. What each process does alone is
 * tested elsewhere; here only what they must not do together: post a message twice, record a
 * click twice, leave one undelivered.
 */

const PROCESSES = 3;
const MEMBERS = 12;

const processes = processTests();

const memberId = (n: number) => `U0M${String(n).padStart(2, "0")}`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!onPostgres)("three server processes on one PostgreSQL database", () => {
  it("spread a convening and a burst of clicks with retries over them: each poll posted once, each click recorded once, the count never going back", async () => {
    const { testDb, api, children } = processes;
    const apiUrl = await api.start();
    // A new deployment: the database empty, the three processes started at once, each applying the
    // migrations as it starts; every migration is applied once. (Whether their starts overlap here
    // depends on how fast each process loads: the race itself, three runners at the same moment, is
    // test/infra/migrations-runner.test.ts's.)
    await testDb.db.$executeRawUnsafe("DROP SCHEMA public CASCADE");
    await testDb.db.$executeRawUnsafe("CREATE SCHEMA public");
    const urls = (
      await Promise.all(
        Array.from({ length: PROCESSES }, () => startServerProcess(children, testDb.url, apiUrl)),
      )
    ).map((started) => started.url);
    const applied = await testDb.db.$queryRawUnsafe<{ migration_name: string; finished: boolean }[]>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
    );
    const committed = readdirSync("prisma/postgresql/migrations", { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(applied).toEqual(committed.map((migration_name) => ({ migration_name, finished: true })));
    const at = (n: number) => urls[n % urls.length] ?? "";

    // The équipe: set up on one process, its members added on each in turn.
    expect((await postSlashCommand(at(0), { userId: "U0COORD", text: "setup FAM-2026-777" })).status).toBe(
      200,
    );
    await vi.waitFor(async () => expect(await testDb.db.equipe.count()).toBe(1), { timeout: 20_000 });
    for (let n = 0; n < MEMBERS; n += 1) {
      const response = await postSlashCommand(at(n), {
        userId: "U0COORD",
        text: `add <@${memberId(n)}> educator`,
      });
      expect(response.status).toBe(200);
      await vi.waitFor(async () => expect(await testDb.db.member.count()).toBe(n + 2), { timeout: 20_000 });
    }
    await deliveredAll(testDb);

    // Convened on another process: each member's poll goes out once, whichever process delivers it.
    const convenedFrom = api.calls.length;
    const form = {
      purpose: "t1",
      duration: "60",
      slots: `${day(10)} 10:00\n${day(11)} 10:00`,
      deadline: `${day(5)} 18:00`,
      location: "",
    };
    expect((await postInteraction(at(1), viewSubmission("U0COORD", "C0EQUIPE", form))).status).toBe(200);
    await vi.waitFor(async () => expect(await testDb.db.meeting.count()).toBe(1), { timeout: 20_000 });
    await deliveredAll(testDb);
    const polls = api.calls.slice(convenedFrom).filter((call) => call.method === "chat.postMessage");
    for (let n = 0; n < MEMBERS; n += 1)
      expect(polls.filter((call) => call.args.channel === `D${memberId(n)}`)).toHaveLength(1);

    // Every member answers both times at once, each click on the next process; a third of the
    // clicks are delivered again (Slack's retry, the same trigger) to yet another process.
    const meeting = await testDb.db.meeting.findFirstOrThrow({
      include: { slots: { orderBy: { position: "asc" } } },
    });
    const [first, second] = meeting.slots;
    if (first === undefined || second === undefined) throw new Error("the meeting has no two times");
    const clicks = Array.from({ length: MEMBERS }, (_, n) => [
      { user: memberId(n), action: "poll:yes", slot: first.id, trigger: `T${n}a.${meeting.id}` },
      { user: memberId(n), action: "poll:no", slot: second.id, trigger: `T${n}b.${meeting.id}` },
    ]).flat();
    const sent = clicks.flatMap((click, i) => {
      const payload = buttonClick(click.user, click.action, `${meeting.id}:${click.slot}`, click.trigger);
      const deliveries = [postInteraction(at(i), payload)];
      if (i % 3 === 0) deliveries.push(postInteraction(at(i + 1), payload));
      return deliveries;
    });
    const statuses = (await Promise.all(sent)).map((response) => response.status);
    expect(statuses).toEqual(Array(statuses.length).fill(200));
    await vi.waitFor(async () => expect(await testDb.db.availability.count()).toBe(MEMBERS * 2), {
      timeout: 30_000,
    });
    await deliveredAll(testDb);

    // Each click recorded once, the retries included: one audit entry and one answer for each.
    expect(await testDb.db.auditEntry.count({ where: { action: "availability.answered" } })).toBe(
      clicks.length,
    );
    const answers = await testDb.db.availability.findMany({ select: { slotId: true, answer: true } });
    expect(answers.filter((a) => a.slotId === first.id).map((a) => a.answer)).toEqual(
      Array(MEMBERS).fill("yes"),
    );
    expect(answers.filter((a) => a.slotId === second.id).map((a) => a.answer)).toEqual(
      Array(MEMBERS).fill("no"),
    );
    // No poll was posted again: each member's answers updated the one message.
    const posted = api.calls.slice(convenedFrom).filter((call) => call.method === "chat.postMessage");
    for (let n = 0; n < MEMBERS; n += 1)
      expect(posted.filter((call) => call.args.channel === `D${memberId(n)}`)).toHaveLength(1);
    // The channel's count, updated by whichever process delivered each version, in the order the
    // updates reached Slack: never going back, and last at the truth.
    const answered = api
      .callsTo("chat.update")
      .filter((call) => call.args.channel === "C0EQUIPE")
      .map((call) => Number(/hanno risposto (\d+) su (\d+)/.exec(String(call.args.text))?.[1]));
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every(Number.isFinite)).toBe(true);
    expect(answered).toEqual([...answered].sort((x, y) => x - y));
    const last = api
      .callsTo("chat.update")
      .filter((call) => call.args.channel === "C0EQUIPE")
      .at(-1);
    expect(String(last?.args.text)).toContain(`hanno risposto ${MEMBERS} su ${MEMBERS + 1}`);
  }, 240_000);
});
