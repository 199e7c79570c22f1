import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackDriver } from "../contract/slack.ts";
import { FakeClock } from "../support/fakes.ts";

const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
const d = new SlackDriver();

beforeAll(async () => {
  await d.start(clock);
  await d.command("coord", "configura FAM-2027-302");
  await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
  await d.command("coord", "aggiungi-esterno papa@example.org genitore Marco B.");
  await d.settle();
});
afterAll(() => d.stop());

describe("a decision without the family, closed when every required answer is in", () => {
  it("leaves the family out only with a reason, kept in the trail, and closes on the last answer", async () => {
    await d.command("coord", "decidi");
    await d.settle();
    d.takeOpenedForm("coord");
    const form = {
      question: "Chiudiamo il caso?",
      context: "",
      kind: "options",
      options: "Chiudere\nProseguire sei mesi",
      deadline: "2027-10-27 18:00",
      family: "excluded",
      familyReason: "Decisione tecnica sul servizio, discussa poi con la famiglia.",
    };
    expect(await d.submitForm("coord", form)).toEqual({});
    await d.settle();
    expect(await d.running.db.decisionParticipant.count()).toBe(2);
    expect(await d.running.db.auditEntry.count({ where: { action: "decision.familyExcluded" } })).toBe(1);
    for (const who of ["edu", "coord"] as const) {
      const ask = d
        .privateMessages(who)
        .findLast((m) => m.buttons.some((b) => b.actionId === "decide:answer"));
      const button = ask?.buttons[0];
      if (!button) throw new Error("no ask");
      await d.click(who, button);
      await d.settle();
      d.takeOpenedForm(who);
      expect(await d.submitForm(who, { answer: "option:2", reason: "", side: "none" })).toEqual({});
      await d.settle();
    }
    expect((await d.running.db.decision.findFirst())?.status).toBe("closed");
    const picture = d
      .privateMessages("coord")
      .findLast((m) => m.buttons.some((b) => b.actionId === "decide:outcome"));
    expect(picture?.text).toContain("Proseguire sei mesi");
    expect(picture?.text).toContain("La famiglia non è stata interpellata. Motivo: Decisione tecnica");
    expect(picture?.text).not.toContain("Mancano");
  });
});
