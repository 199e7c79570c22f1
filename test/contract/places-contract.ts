import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

const FIRST = "FAM-2027-111";
const SECOND = "FAM-2027-222";
const CONVENE = {
  purpose: "microplanning",
  duration: "60",
  slots: "2027-11-10 15:00\n2027-11-11 15:00",
  deadline: "2027-11-05 12:00",
  location: "",
};
const NOT_MEMBER = "Non fai parte di questa équipe";
const NO_EQUIPE = "Non fai parte di nessuna équipe";

/**
 * It works where people are (issue 11): in a direct message with the bot personal commands work
 * (`aiuto`, `calendario`, `stato` — asking which équipe when the person is in several) and équipe
 * commands say where to use them; a further conversation joins an équipe only when a coordinator
 * approves, and from then on what the équipe posts reaches every one of its conversations.
 */
export function placesContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));
  const d = makeDriver();

  /** What this person was told privately since `from` messages ago. */
  const newPrivate = (who: Cast, from: number): SeenMessage[] => d.privateMessages(who).slice(from);
  const count = (who: Cast) => d.privateMessages(who).length;

  async function state() {
    const db = d.running.db;
    return {
      equipes: await db.equipe.count(),
      bindings: await db.channelBinding.count(),
      members: await db.member.count({ where: { removedAt: null } }),
      requests: await db.bindingRequest.findMany({ select: { status: true }, orderBy: { createdAt: "asc" } }),
      meetings: await db.meeting.count(),
    };
  }

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", `configura ${FIRST}`);
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.settle();
    await d.command("coord", "convoca");
    await d.settle();
    expect(d.takeOpenedForm("coord")).toBe(true);
    expect(await d.submitForm("coord", CONVENE)).toEqual({});
    await d.settle();
  });
  afterAll(() => d.stop());

  describe("in a direct message", () => {
    it("answers `aiuto` there", async () => {
      const before = count("edu");
      const channel = d.channelMessages().length;
      await d.direct("edu", "aiuto");
      await d.settle();
      const [help, ...more] = newPrivate("edu", before);
      expect(more).toEqual([]);
      expect(help?.text).toContain("Équipe");
      expect(help?.text).toContain("Ruoli:");
      expect(d.channelMessages()).toHaveLength(channel);
    });

    it("answers `stato` at once for a person in one équipe", async () => {
      const before = count("edu");
      await d.direct("edu", "stato");
      await d.settle();
      const answer = last(newPrivate("edu", before));
      expect(answer.text).toContain(FIRST);
      expect(answer.buttons).toEqual([]);
    });

    it("gives the personal calendar link there", async () => {
      const before = count("teacher");
      await d.direct("teacher", "calendario");
      await d.settle();
      const answer = last(newPrivate("teacher", before));
      expect(answer.links.some((l) => l.url.includes("/calendar/"))).toBe(true);
    });

    it("says an équipe command belongs in the équipe's conversation, naming it, and does nothing", async () => {
      const before = await state();
      for (const [who, command] of [
        ["coord", "convoca"],
        ["coord", `aggiungi ${d.mention("stranger")} educatore`],
        ["edu", "decidi"],
        ["coord", "membri"],
      ] as const) {
        const seen = count(who);
        await d.direct(who, command);
        await d.settle();
        expect(d.takeOpenedForm(who)).toBe(false);
        const answer = last(newPrivate(who, seen));
        expect(answer.text).toContain("si usa nella conversazione dell'équipe");
        expect(answer.text).toContain(FIRST);
      }
      expect(await state()).toEqual(before);
    });

    it("refuses `configura` there: only a channel or chat can be linked", async () => {
      const before = await state();
      const seen = count("coord");
      await d.direct("coord", "configura FAM-2027-333");
      await d.settle();
      expect(last(newPrivate("coord", seen)).text).toContain("non in un messaggio diretto");
      expect(await state()).toEqual(before);
    });

    it("tells a stranger there is nothing for them, and a case code teaches them nothing", async () => {
      const seen = count("stranger");
      await d.direct("stranger", "stato");
      await d.direct("stranger", "calendario");
      await d.direct("stranger", "convoca");
      await d.direct("stranger", `stato ${FIRST}`);
      await d.direct("stranger", "stato FAM-2027-999");
      await d.settle();
      const texts = newPrivate("stranger", seen).map((m) => m.text);
      expect(texts).toHaveLength(5);
      expect(texts[0]).toContain(NO_EQUIPE);
      expect(texts[1]).toContain(NO_EQUIPE);
      expect(texts[2]).toContain("si usa nella conversazione di un'équipe");
      // An équipe that exists and one that does not read alike.
      expect(texts[3]).toContain(NOT_MEMBER);
      expect(texts[4]).toBe(texts[3]);
      expect(texts.join("\n")).not.toContain("Risposte:");
    });
  });

  describe("a person in several équipes", () => {
    beforeAll(async () => {
      await d.commandIn("third", "coord", `configura ${SECOND}`);
      await d.commandIn("third", "coord", `aggiungi ${d.mention("edu")} educatore`);
      await d.settle();
    });

    it("is asked which équipe `stato` is about, with one button per case", async () => {
      const before = count("edu");
      await d.direct("edu", "stato");
      await d.settle();
      const question = last(newPrivate("edu", before));
      expect(question.text).toContain("Fai parte di più équipe");
      expect(question.text).toContain(`stato ${FIRST}`);
      expect(question.buttons.map((b) => b.label)).toEqual([FIRST, SECOND]);
      // A click answers for the case chosen.
      const seen = count("edu");
      await d.click("edu", question.buttons[0] as SeenButton);
      await d.settle();
      const answer = last(newPrivate("edu", seen));
      expect(answer.text).toContain(FIRST);
      expect(answer.text).toContain("Risposte:");
    });

    it("answers `stato FAM-…` directly, for the équipe named", async () => {
      const before = count("edu");
      await d.direct("edu", `stato ${FIRST}`);
      await d.direct("edu", `stato ${SECOND}`);
      await d.settle();
      const [first, second] = newPrivate("edu", before);
      expect(first?.text).toContain(FIRST);
      expect(first?.text).toContain("Risposte:");
      expect(second?.text).not.toContain("Fai parte di più équipe");
      expect(second?.text).not.toContain(NOT_MEMBER);
    });

    it("names every équipe's case when an équipe command is typed in a direct message", async () => {
      const before = count("edu");
      await d.direct("edu", "decidi");
      await d.settle();
      const answer = last(newPrivate("edu", before));
      expect(answer.text).toContain(FIRST);
      expect(answer.text).toContain(SECOND);
    });

    it("refuses a forged choice of an équipe the person is not in", async () => {
      const before = count("teacher");
      await d.click("teacher", { label: SECOND, actionId: `equipe-choose:${SECOND}`, value: "status" });
      await d.settle();
      const answer = last(newPrivate("teacher", before));
      expect(answer.text).toContain(NOT_MEMBER);
      expect(answer.text).not.toContain("Risposte:");
    });
  });

  describe("a second conversation for the same équipe", () => {
    let question: SeenMessage;

    /** The newest approval question the coordinator was sent privately. */
    const approvalOf = (from: number) =>
      last(newPrivate("coord", from).filter((m) => m.buttons.some((b) => b.actionId.startsWith("binding:"))));
    const button = (message: SeenMessage, answer: "approve" | "refuse") =>
      message.buttons.find((b) => b.actionId === `binding:${answer}`) as SeenButton;

    it("asks a coordinator from the first conversation before binding, and tells the requester it waits", async () => {
      const before = await state();
      const coordSeen = count("coord");
      const teacherSeen = count("teacher");
      await d.commandIn("second", "teacher", `configura ${FIRST}`);
      await d.settle();
      question = approvalOf(coordSeen);
      expect(question.text).toContain(`chiede di collegare una conversazione`);
      expect(question.text).toContain(FIRST);
      expect(question.buttons.map((b) => b.label)).toEqual(["Approva", "Rifiuta"]);
      expect(last(newPrivate("teacher", teacherSeen)).text).toContain("ti scrivo appena qualcuno risponde");
      // Nothing is bound, nobody added, nothing posted in either conversation.
      expect(await state()).toEqual({ ...before, requests: [...before.requests, { status: "pending" }] });
      expect(d.messagesIn("second")).toEqual([]);
    });

    it("keeps one request per conversation", async () => {
      const seen = count("edu");
      await d.commandIn("second", "edu", `configura ${FIRST}`);
      await d.settle();
      const answer = last(newPrivate("edu", seen)).text;
      expect(answer).toContain("ha già una richiesta di collegamento in attesa");
      // Which case it waits for is not said: it might be a case the asker does not know of.
      expect(answer).not.toContain(FIRST);
      expect((await state()).requests).toHaveLength(1);
    });

    it("lets no one but a coordinator answer", async () => {
      const before = await state();
      for (const who of ["edu", "stranger"] as const) {
        const seen = count(who);
        await d.click(who, button(question, "approve"));
        await d.settle();
        expect(last(newPrivate(who, seen)).text).toMatch(/Solo chi coordina|Non fai parte di questa équipe/);
      }
      expect(await state()).toEqual(before);
    });

    it("tells the requester when a coordinator refuses, and closes the question", async () => {
      const teacherSeen = count("teacher");
      await d.click("coord", button(question, "refuse"));
      await d.settle();
      expect(last(newPrivate("teacher", teacherSeen)).text).toContain("non ha approvato il collegamento");
      const closed = d.privateMessages("coord").find((m) => m.id === question.id);
      expect(closed?.text).toContain("rifiutata");
      expect(closed?.buttons).toEqual([]);
      const after = await state();
      expect(after.requests.map((r) => r.status)).toEqual(["refused"]);
      expect(after.bindings).toBe(2);
      expect(d.messagesIn("second")).toEqual([]);
    });

    it("binds on approval: the new conversation is told, the first hears of it, the requester coordinates", async () => {
      const coordSeen = count("coord");
      const teacherSeen = count("teacher");
      const firstSeen = d.channelMessages().length;
      await d.commandIn("second", "teacher", `configura ${FIRST}`);
      await d.settle();
      question = approvalOf(coordSeen);
      await d.click("coord", button(question, "approve"));
      await d.settle();
      const welcome = last(d.messagesIn("second"));
      expect(welcome.text).toContain(`Questa conversazione è ora collegata all'équipe del caso ${FIRST}`);
      const announce = d.channelMessages().slice(firstSeen);
      expect(announce.map((m) => m.text).join("\n")).toContain("Anche una conversazione");
      expect(last(newPrivate("teacher", teacherSeen)).text).toContain("ora collegata all'équipe del caso");
      const closed = d.privateMessages("coord").find((m) => m.id === question.id);
      expect(closed?.text).toContain("approvata");
      expect(closed?.buttons).toEqual([]);
      const after = await state();
      expect(after.requests.map((r) => r.status)).toEqual(["refused", "approved"]);
      const teacher = await d.running.db.member.findFirstOrThrow({
        where: { equipe: { caseCode: FIRST }, displayName: { contains: "Tommaso" } },
        select: { isCoordinator: true, role: true },
      });
      // Already a member: keeps their role, and now coordinates (to add the people of that conversation).
      expect(teacher).toEqual({ isCoordinator: true, role: "teacher" });
    });

    it("answers a late click on a question already answered, changing nothing", async () => {
      const before = await state();
      const seen = count("coord");
      await d.click("coord", button(question, "refuse"));
      await d.settle();
      expect(last(newPrivate("coord", seen)).text).toContain("ha già risposto");
      expect(await state()).toEqual(before);
    });

    it("posts what the équipe posts in every conversation bound to it", async () => {
      await d.commandIn("second", "teacher", "membri");
      await d.settle();
      // Members are the équipe's, whichever conversation they are listed from.
      expect(last(d.privateMessages("teacher")).text).toContain("3 membri");
      // An answer to the poll updates the équipe's live count: in the new conversation too.
      const poll = last(
        d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:"))),
      );
      const second = d.messagesIn("second").length;
      await d.click("edu", poll.buttons[0] as SeenButton);
      await d.settle();
      const there = d.messagesIn("second").slice(second);
      expect(there).toHaveLength(1);
      const live = d.channelMessages().find((m) => m.updates > 0 && m.text.includes(FIRST));
      expect(live).toBeDefined();
      expect(there[0]?.text).toBe(live?.text);
    });
  });
}
