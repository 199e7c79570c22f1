import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type Cast, type ChatDriver, last, type SeenButton } from "./driver.ts";

/** What the équipe holds that nobody outside it may read: the family's names, the question, its options. */
const SECRETS = ["Maria Rossi", "Luca Rossi", "Elena", "Includiamo la famiglia", "Da gennaio", "Da marzo"];
const REFUSAL = "Non fai parte di questa équipe";
const CONVENE = {
  purpose: "microplanning",
  duration: "60",
  slots: "2027-11-10 15:00\n2027-11-11 15:00",
  deadline: "2027-11-05 12:00",
  location: "",
};
const DECIDE = {
  question: "Includiamo la famiglia nel progetto di educativa domiciliare?",
  context: "",
  kind: "options",
  options: "Da gennaio\nDa marzo",
  deadline: "2027-11-05 18:00",
  familyReason: "",
};

/**
 * A stranger learns nothing: for every form and every button, on every chat adapter, someone
 * outside the équipe who submits or clicks (with real ids taken from the équipe's own messages,
 * valid or invalid values alike) gets one polite refusal — never a form, field errors, the
 * member list, the question or its options — and nothing is written. A member who does not
 * coordinate gets the coordinator's refusal, never the form.
 */
export function strangerContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));
  const d = makeDriver();
  const forms: Record<string, { id: string; metadata: string }> = {};
  let slotButton: SeenButton;
  let decisionId = "";
  let meetingSlot = "";

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-404");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", "aggiungi-esterno maria@example.org genitore Maria Rossi");
    await d.command("coord", "aggiungi-esterno luca@example.org figlio Luca Rossi");
    await d.settle();
    await d.command("coord", "convoca");
    await d.settle();
    expect(d.takeOpenedForm("coord")).toBe(true);
    forms.convene = d.shownForm();
    expect(await d.submitForm("coord", CONVENE)).toEqual({});
    await d.command("coord", "decidi");
    await d.settle();
    expect(d.takeOpenedForm("coord")).toBe(true);
    forms.decide = d.shownForm();
    expect(await d.submitForm("coord", DECIDE)).toEqual({});
    await d.settle();
    const poll = last(
      d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:"))),
    );
    slotButton = poll.buttons[0] as SeenButton;
    meetingSlot = slotButton.value;
    const ask = last(
      d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")),
    );
    decisionId = ask.buttons[0]?.value ?? "";
    expect(decisionId).toMatch(/^[0-9a-f-]{36}$/);
  });
  afterAll(() => d.stop());

  /** Everything a refused attempt must leave as it was. */
  async function state() {
    const db = d.running.db;
    return {
      meetings: await db.meeting.findMany({ select: { status: true, startsAt: true } }),
      answers: await db.availability.count(),
      decisions: await db.decision.findMany({ select: { status: true, outcome: true } }),
      viewpoints: await db.viewpoint.count(),
      actions: await db.decisionAction.count(),
      audit: await db.auditEntry.count(),
      others: (["coord", "edu", "teacher"] as Cast[]).map((who) => d.privateMessages(who).length),
      channel: d.channelMessages().map((m) => `${m.id}:${m.updates}`),
    };
  }

  async function refused(who: Cast, attempt: () => Promise<unknown>, refusal = REFUSAL) {
    const seen = d.privateMessages(who).length;
    const before = await state();
    await attempt();
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(false);
    const replies = d.privateMessages(who).slice(seen);
    expect(replies.map((r) => r.text)).toHaveLength(1);
    const reply = replies[0]?.text ?? "";
    expect(reply).toContain(refusal);
    for (const secret of SECRETS) expect(reply).not.toContain(secret);
    expect(replies[0]?.buttons).toEqual([]);
    const after = await state();
    expect({ ...after, others: before.others }).toEqual(before);
    if (who === "stranger") expect(after.others).toEqual(before.others);
  }

  describe(`a stranger learns nothing (${d.platform})`, () => {
    it.each([
      ["the convene form, valid", "convene", CONVENE],
      ["the convene form, invalid", "convene", { ...CONVENE, slots: "" }],
      ["the decide form, valid", "decide", DECIDE],
      [
        "the decide form, invalid (the member list would come back with it)",
        "decide",
        { ...DECIDE, question: "" },
      ],
    ])("%s", async (_name, formName, values) => {
      const form = forms[formName] ?? { id: "", metadata: "" };
      await refused("stranger", () => d.forgeForm("stranger", form.id, form.metadata, values));
    });

    it.each([
      ["the viewpoint form, valid", "viewpoint", { answer: "option:1", reason: "", side: "none" }],
      [
        "the viewpoint form, invalid (its options would come back with it)",
        "viewpoint",
        { answer: "", reason: "", side: "" },
      ],
      [
        "the outcome form",
        "outcome",
        { outcome: "Da gennaio", actions: "", review: "", override: "Perché sì" },
      ],
    ])("%s", async (_name, formId, values) => {
      await refused("stranger", () => d.forgeForm("stranger", formId, decisionId, values));
    });

    it.each([
      ["a poll answer", () => slotButton],
      ["a confirmation", () => ({ label: "Conferma 1", actionId: "confirm:1", value: meetingSlot })],
      [
        "the viewpoint button",
        () => ({ label: "Dai il tuo punto di vista", actionId: "decide:answer", value: decisionId }),
      ],
      [
        "the outcome button",
        () => ({ label: "Registra l'esito", actionId: "decide:outcome", value: decisionId }),
      ],
      [
        "the review button",
        () => ({ label: "Convoca l'incontro", actionId: "decide:review-convene", value: decisionId }),
      ],
    ])("%s", async (_name, button) => {
      await refused("stranger", () => d.click("stranger", button()));
    });

    it("a click no button of ours could make gets no answer at all", async () => {
      const seen = d.privateMessages("stranger").length;
      await d.click("stranger", { label: "x", actionId: "decide:answer", value: "not-an-id" });
      await d.click("stranger", { label: "x", actionId: "nothing:here", value: decisionId });
      await d.settle();
      expect(d.privateMessages("stranger")).toHaveLength(seen);
    });

    it("a member who does not coordinate gets the coordinator's refusal, never the form with its errors", async () => {
      const form = forms.decide ?? { id: "", metadata: "" };
      await refused(
        "edu",
        () => d.forgeForm("edu", form.id, form.metadata, { ...DECIDE, question: "" }),
        "Solo chi coordina",
      );
      await refused(
        "edu",
        () =>
          d.forgeForm("edu", "outcome", decisionId, { outcome: "", actions: "", review: "", override: "" }),
        "Solo chi coordina",
      );
    });
  });
}
