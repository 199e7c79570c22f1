import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { parseIcs } from "../support/ics.ts";
import { type ChatDriver, last, type SeenMessage } from "./driver.ts";

/** A valid convene form: two times in Rome's last summer-time week, family-friendly hours. */
export const FORM = {
  purpose: "t1",
  duration: "90",
  slots: "2027-10-29 15:00\n2027-11-02 15:00",
  deadline: "2027-10-27 18:00",
  location: "Sala 2, Servizi sociali",
};

/**
 * The whole meeting scenario, written once: every chat adapter must pass it unchanged. It
 * drives the real server through the platform's own requests and reads what people see.
 */
export function meetingContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();
  let poll: SeenMessage;

  beforeAll(() => d.start(clock));
  afterAll(() => d.stop());

  const pollOf = (who: "edu" | "teacher") => {
    const polls = d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:")));
    return last(polls);
  };

  describe(`meeting contract (${d.platform})`, () => {
    it("binds the conversation to a case and refuses a non-member's change", async () => {
      await d.command("coord", "configura FAM-2027-101");
      await d.command("edu", `aggiungi ${d.mention("teacher")} insegnante`);
      await d.settle();
      expect(last(d.privateMessages("coord")).text).toContain("FAM-2027-101");
      expect(last(d.privateMessages("edu")).text).toContain("Non fai parte di questa équipe");
      expect(await d.running.db.member.count()).toBe(1);
    });

    it("adds members by mention and an external member by e-mail, visibly in the channel", async () => {
      await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
      await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
      await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
      await d.settle();
      const channel = d.channelMessages().map((m) => m.text);
      expect(channel.some((t) => t.includes(d.shownAs("edu")) && t.includes("educat"))).toBe(true);
      expect(channel.some((t) => t.includes(d.shownAs("teacher")))).toBe(true);
      expect(await d.running.db.member.count()).toBe(4);
    });

    it("refuses convene and other coordinator commands to a member, and writes nothing", async () => {
      await d.command("edu", "convoca");
      await d.command("edu", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("edu")).toBe(false);
      const answers = d.privateMessages("edu").slice(-2);
      for (const answer of answers) expect(answer.text).toContain("Solo chi coordina");
      expect(await d.running.db.meeting.count()).toBe(0);
    });

    it("shows the coordinator the form, with field errors beside the fields and nothing written", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const errors = await d.submitForm("coord", { ...FORM, slots: "2027-10-29 15:00\nvenerdì" });
      expect(errors.slots).toContain("venerdì");
      expect(await d.running.db.meeting.count()).toBe(0);
    });

    it("sends each chat member a private poll and the channel a live count", async () => {
      const errors = await d.submitForm("coord", FORM);
      expect(errors).toEqual({});
      await d.settle();
      expect(await d.running.db.meeting.count()).toBe(1);
      poll = pollOf("edu");
      expect(poll.text).toContain("FAM-2027-101");
      expect(poll.buttons.map((b) => b.label)).toEqual([
        "Sì",
        "Se necessario",
        "No",
        "Sì",
        "Se necessario",
        "No",
      ]);
      expect(pollOf("teacher").buttons).toHaveLength(6);
      expect(last(d.channelMessages()).text).toContain("hanno risposto 0 su 4");
    });

    it("records a click, updates the poll and the count in place, and accepts a change of mind", async () => {
      const yes1 = poll.buttons[0];
      const no2 = poll.buttons[5];
      if (!yes1 || !no2) throw new Error("buttons");
      await d.click("edu", yes1);
      await d.settle();
      await d.click("edu", no2);
      await d.settle();
      let updated = pollOf("edu");
      expect(updated.id).toBe(poll.id);
      expect(updated.updates).toBeGreaterThanOrEqual(2);
      expect(updated.buttons[0]?.label).toBe("✓ Sì");
      expect(last(d.channelMessages()).text).toContain("hanno risposto 1 su 4");
      // Change of mind on the first time: No instead of Sì.
      const no1 = updated.buttons[2];
      if (!no1) throw new Error("buttons");
      await d.click("edu", no1);
      await d.settle();
      updated = pollOf("edu");
      expect(updated.buttons[0]?.label).toBe("Sì");
      expect(updated.buttons[2]?.label).toBe("✓ No");
      const answers = await d.running.db.availability.findMany({ select: { answer: true } });
      expect(answers.map((a) => a.answer).sort()).toEqual(["no", "no"]);
    });

    it("refuses a click from someone outside the équipe, privately, and records nothing", async () => {
      const yes1 = poll.buttons[0];
      if (!yes1) throw new Error("buttons");
      await d.click("stranger", yes1);
      await d.settle();
      expect(last(d.privateMessages("stranger")).text).toContain("Non fai parte");
      expect(await d.running.db.availability.count()).toBe(2);
    });

    it("reminds only those who have not answered, before the deadline", async () => {
      await d.command("coord", "registra mamma@example.org 1:si 2:no");
      await d.settle();
      const eduBefore = d.privateMessages("edu").length;
      const teacherBefore = d.privateMessages("teacher").length;
      clock.set(new Date("2027-10-26T16:01:00Z"));
      await d.running.jobs.tick();
      await d.settle();
      expect(d.privateMessages("edu")).toHaveLength(eduBefore);
      expect(d.privateMessages("teacher").length).toBe(teacherBefore + 1);
      expect(last(d.privateMessages("teacher")).text).toContain("Promemoria");
    });

    it("confirms: every chat member gets the invite with an add-to-calendar link; the channel a notice", async () => {
      const yes1 = pollOf("teacher").buttons[0];
      if (!yes1) throw new Error("buttons");
      await d.click("teacher", yes1);
      await d.settle();
      await d.command("coord", "conferma 1");
      await d.settle();
      const send = last(d.privateMessages("coord")).buttons[0];
      if (!send) throw new Error("no preview");
      await d.click("coord", send);
      await d.settle();
      const invite = last(d.privateMessages("teacher"));
      expect(invite.text).toContain("Sei invitato/a");
      const link = invite.links.find((l) => l.label === "Aggiungi al calendario");
      expect(link?.url).toMatch(/\/calendar\/event\/[A-Za-z0-9_-]{43}\.ics$/);
      const response = await fetch(link?.url.replace(/^https?:\/\/[^/]+/, d.running.url) ?? "");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/calendar");
      const [event] = parseIcs(await response.text()).events;
      // 15:00 in Rome on 29 October 2027 (summer time) is 13:00 UTC.
      expect(event?.start).toBe("2027-10-29T13:00:00.000Z");
      expect(last(d.channelMessages()).text).toContain("incontro confermato");
    });

    it("a stale poll says so instead of accepting the click", async () => {
      const now = d.privateMessages("edu").find((m) => m.id === poll.id);
      expect(now?.buttons).toEqual([]);
      // A client that has not refreshed yet still shows the old buttons.
      const yes2 = poll.buttons[3];
      if (!yes2) throw new Error("buttons");
      await d.click("edu", yes2);
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain("non è più attiva");
    });

    it("reschedules with a new calendar version and cancels, refusing both to a member", async () => {
      await d.command("teacher", "sposta 2027-11-05 10:00");
      await d.settle();
      expect(last(d.privateMessages("teacher")).text).toContain("Solo chi coordina");
      await d.command("coord", "sposta 2027-11-05 10:00");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La sala è occupata" })).toEqual({});
      await d.settle();
      const moved = last(d.privateMessages("edu"));
      expect(moved.text).toContain("spostato");
      const link = moved.links[0]?.url.replace(/^https?:\/\/[^/]+/, d.running.url) ?? "";
      const [event] = parseIcs(await (await fetch(link)).text()).events;
      expect(event?.start).toBe("2027-11-05T09:00:00.000Z");
      expect(event?.sequence).toBe(1);
      await d.command("coord", "annulla");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { reason: "La famiglia si è trasferita" })).toEqual({});
      await d.settle();
      expect(last(d.privateMessages("edu")).text).toContain("annullato");
      expect(last(d.channelMessages()).text).toContain("annullato");
      const [cancelled] = parseIcs(await (await fetch(link)).text()).events;
      expect(cancelled?.status).toBe("CANCELLED");
    });
  });
}
