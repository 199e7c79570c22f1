import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import type { Core } from "../../src/core/dispatch.ts";
import type { Request } from "../../src/core/request.ts";
import { createCore } from "../../src/features/registry.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx, TWO_TIMES_FORM } from "../support/fakes.ts";

let testDb: TestDb;
let core: Core;
const run = (user: string, text: string, channelId = CHANNEL) =>
  core.command(slackCtx(user, { channelId }), text, parseSlackUserRef);

/** A member who arrived by their personal link (the web pages): answers come back in the page. */
function byLink(memberId: string): { req: Request; answers: Message[] } {
  const answers: Message[] = [];
  return {
    req: {
      actor: { kind: "link", memberId: memberId as never, locale: "it" },
      place: { kind: "private" },
      inline: { answer: (message) => answers.push(message) },
    },
    answers,
  };
}

const memberId = async (email: string) =>
  (await testDb.db.member.findFirstOrThrow({ where: { email }, select: { id: true } })).id;

/** The coordinator convenes a meeting with two times. */
const convene = () => core.submitForm(slackCtx("U0COORD"), "convene", TWO_TIMES_FORM, CHANNEL);

beforeEach(async () => {
  testDb = await freshDb();
  core = createCore(makeDeps(new PrismaStore(testDb.db), new FakeClock(new Date("2026-11-23T09:00:00Z"))));
  await run("U0COORD", "setup FAM-2026-012");
  await run("U0COORD", "add <@U0EDU> educatore");
  await run("U0COORD", "add-external mamma@example.org genitore Anna B.");
  // Another équipe, with its own family.
  await run("U0OTHER", "setup FAM-2026-099", "C0OTHER");
  await run("U0OTHER", "add-external altro@example.org genitore Bruno C.", "C0OTHER");
});
afterEach(() => testDb.dispose());

describe("a member who arrives by link acts as themselves", () => {
  it("answers a poll as their own answer, counted like a chat answer", async () => {
    await convene();
    const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    const mother = byLink(await memberId("mamma@example.org"));
    await core.action(mother.req, "poll:no", `${meeting.id}:${meeting.slots[0]?.id}`);
    const answer = await testDb.db.availability.findFirstOrThrow({
      select: { answer: true, recordedByMemberId: true },
    });
    expect(answer).toEqual({ answer: "no", recordedByMemberId: null });
    const trail = await testDb.db.auditEntry.findFirstOrThrow({ where: { action: "availability.answered" } });
    expect(trail.actorId).toBe(await memberId("mamma@example.org"));
  });

  it("gives their own viewpoint, and reads the answer in the page", async () => {
    const everyone = (
      await testDb.db.member.findMany({ where: { email: { not: "altro@example.org" } } })
    ).map((m) => m.id);
    await core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question: "Proseguiamo?",
        context: "",
        kind: "stances",
        options: "",
        deadline: "2026-11-30 18:00",
        participants: everyone.join(","),
        familyReason: "",
      },
      CHANNEL,
    );
    const decision = await testDb.db.decision.findFirstOrThrow();
    const mother = byLink(await memberId("mamma@example.org"));
    const values = { answer: "doubts", reason: "Vorrei capire meglio.", side: "none" };
    expect(await core.checkForm(mother.req, "viewpoint", values, decision.id)).toEqual({ kind: "ok" });
    await core.submitForm(mother.req, "viewpoint", values, decision.id);
    const viewpoint = await testDb.db.viewpoint.findFirstOrThrow();
    expect(viewpoint).toMatchObject({ answer: "doubts", recordedByMemberId: null });
    expect(mother.answers.map((m) => plainMessage(m)).join("\n")).toContain(
      "Il tuo punto di vista è registrato",
    );
  });

  it("is a stranger to every other équipe", async () => {
    await convene();
    const meeting = await testDb.db.meeting.findFirstOrThrow({ include: { slots: true } });
    const outsider = byLink(await memberId("altro@example.org"));
    await core.action(outsider.req, "poll:yes", `${meeting.id}:${meeting.slots[0]?.id}`);
    expect(await testDb.db.availability.count()).toBe(0);
    expect(outsider.answers.map((m) => plainMessage(m))).toEqual([
      expect.stringContaining("Non fai parte di questa équipe"),
    ]);
  });
});
