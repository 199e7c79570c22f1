import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessageHtml } from "../../adapters/web/render.ts";
import { type Message, messageSchema } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { PAYLOADS as HOSTILE, htmlView, markdownView } from "../support/display.ts";
import { FakeClock } from "../support/fakes.ts";
import { queued as queuedRows } from "../support/sealed.ts";
import { type Cast, type ChatDriver, last, type SeenButton, type SeenMessage } from "./driver.ts";

/**
 * What people type, as a platform would read it if it were passed on as markup: a broadcast, a
 * mention of someone outside the équipe, a disguised link, formatting, a Teams mention tag, a
 * script, an entity — the nine the issue names, the first of the renderer tests' list.
 */
const PAYLOADS = HOSTILE.slice(0, 9);
/** Every payload in one text (a question, a reason, a place: longer fields take them all). */
const ALL = PAYLOADS.join(" ");
/** An action line splits on `|`, so its text cannot hold the one payload that contains one. */
const ACTION_TEXT = PAYLOADS.filter((p) => !p.includes("|")).join(" ");
/** External members' names are short: the payloads spread over three people. */
const NAMES = [PAYLOADS.slice(0, 3).join(" "), PAYLOADS.slice(3, 6).join(" "), PAYLOADS.slice(6).join(" ")];

/**
 * Every field a person can type — question, context, reason, outcome, action, place, an external
 * member's name, role text and command text — carrying every payload, through real flows on a
 * chat adapter: each is shown literally by every renderer (this chat's, plain text for e-mail,
 * HTML, Markdown for the case file), and nothing the bot sends notifies anyone but the people it
 * names or links anywhere but to our own pages.
 */
export function injectionContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));
  const d = makeDriver();
  const emails = NAMES.map((_, i) => `persona${i}@example.org`);

  const lastPrivate = (who: Cast): SeenMessage => last(d.privateMessages(who));
  const expectLiteral = (shown: string, payloads: readonly string[] = PAYLOADS) => {
    for (const payload of payloads) expect(shown).toContain(payload);
  };

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-505");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    for (const [i, name] of NAMES.entries())
      await d.command(
        "coord",
        `aggiungi-esterno ${emails[i]} ${["genitore", "figlio", "volontario"][i]} ${name}`,
      );
    await d.settle();
  });
  afterAll(() => d.stop());

  describe(`people's text is text (${d.platform})`, () => {
    it("role text and command text are echoed literally in the refusal", async () => {
      for (const payload of PAYLOADS) {
        await d.command("coord", `aggiungi ${d.mention("edu")} ${payload}`);
        await d.settle();
        expect(lastPrivate("coord").text).toContain(`«${payload}»`);
        await d.command("coord", payload);
        await d.settle();
        expect(lastPrivate("coord").text).toContain(`«${payload}»`);
      }
    });

    it("external members' names read literally in the member list", async () => {
      await d.command("coord", "membri");
      await d.settle();
      for (const name of NAMES) expect(lastPrivate("coord").text).toContain(name);
    });

    it("the place reads literally in the poll, the invite and the e-mail", async () => {
      await d.command("coord", "convoca");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const errors = await d.submitForm("coord", {
        purpose: "microplanning",
        duration: "60",
        slots: "2027-11-10 15:00\n2027-11-11 15:00",
        deadline: "2027-11-05 12:00",
        location: ALL,
      });
      expect(errors).toEqual({});
      await d.settle();
      const poll = last(
        d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId.startsWith("poll:"))),
      );
      expectLiteral(poll.text);
      await d.command("coord", "conferma 1");
      await d.settle();
      // The preview names every invitee: literally too.
      const preview = last(d.privateMessages("coord"));
      expectLiteral(preview.text);
      await d.click("coord", preview.buttons[0] as SeenButton);
      await d.settle();
      expectLiteral(last(d.privateMessages("edu").filter((m) => m.text.includes("Sei invitato"))).text);
      expectLiteral(last(d.channelMessages().filter((m) => m.text.includes("incontro confermato"))).text);
      // The family's invitation goes by e-mail: plain text, the place as typed.
      const invitations = (
        await queued((target) => target.kind === "email" && emails.includes(String(target.to)))
      ).filter((email) => email.attachments.some((a) => a.mimeType.includes("method=REQUEST")));
      expect(invitations.length).toBeGreaterThan(0);
      for (const email of invitations) expectLiteral(plainMessage(email));
    });

    it("question, context and reasons read literally where they are shown", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(
        await d.submitForm("coord", {
          question: ALL,
          context: ALL,
          kind: "stances",
          options: "",
          deadline: "2027-11-05 18:00",
          familyReason: "",
        }),
      ).toEqual({});
      await d.settle();
      const ask = last(
        d.privateMessages("edu").filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")),
      );
      expect(ask.text.split(ALL).length - 1).toBe(2);
      expectLiteral(last(d.channelMessages()).text);
      await d.click("edu", ask.buttons[0] ?? { label: "", actionId: "", value: "" });
      await d.settle();
      expect(d.takeOpenedForm("edu")).toBe(true);
      expect(await d.submitForm("edu", { answer: "doubts", reason: ALL, side: "none" })).toEqual({});
      await d.settle();
      for (const email of emails) {
        await d.command("coord", `parere ${email} dubbi genitori: ${ALL}`);
        await d.settle();
        expect(lastPrivate("coord").text).toContain(NAMES[emails.indexOf(email)]);
      }
      const mine = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")),
      );
      await d.click("coord", mine.buttons[0] ?? { label: "", actionId: "", value: "" });
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(await d.submitForm("coord", { answer: "agree", reason: "", side: "none" })).toEqual({});
      await d.settle();
      // Closed on the last answer: the coordinator's picture has every reason and every name, literally.
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      // The question in its header, and the four reasons.
      expect(picture.text.split(ALL).length - 1).toBe(5);
      for (const name of NAMES) expect(picture.text).toContain(name);
    });

    it("the outcome and an action read literally in the conversation and in the case file", async () => {
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      await d.click("coord", picture.buttons[0] ?? { label: "", actionId: "", value: "" });
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(
        await d.submitForm("coord", {
          outcome: ALL,
          actions: `educatore | ${ACTION_TEXT} | 2027-12-10`,
          review: "",
          override: "",
        }),
      ).toEqual({});
      await d.settle();
      const posted = last(d.channelMessages()).text;
      expectLiteral(posted);
      expect(posted).toContain(ACTION_TEXT);
      await d.command("coord", "verbale");
      await d.settle();
      const file = await d.receiveFile("coord");
      const record = markdownView(file.content);
      expect(record.text.split(ALL).length - 1).toBeGreaterThanOrEqual(6);
      expect(record.text).toContain(ACTION_TEXT);
      expect(record.links).toEqual([]);
      expect(record.mentions).toEqual([]);
    });

    it("nothing the bot sent notifies anyone but the people it names, or links anywhere but to us", () => {
      const allowed = new Set(
        (["coord", "edu", "teacher", "stranger"] as Cast[]).map((who) => d.notifies(who)),
      );
      const sent = d.everySent();
      expect(sent.length).toBeGreaterThan(20);
      for (const view of sent) {
        expect(view.broadcasts).toEqual([]);
        for (const mention of view.mentions) expect(allowed.has(mention), mention).toBe(true);
        for (const link of view.links)
          expect(link.url.startsWith(d.running.deps.publicBaseUrl), link.url).toBe(true);
      }
      // And the payloads did go out: they are there, as text.
      const everything = sent.map((view) => view.text).join("\n");
      expectLiteral(everything);
    });

    it("every message, rendered as HTML for the web pages, shows the text and runs no markup of ours", async () => {
      const messages = await queued(() => true);
      let withPayload = 0;
      for (const message of messages) {
        const html = renderMessageHtml(message);
        expect(html).not.toMatch(/<script|<at>|href="https:\/\/evil/i);
        const shown = htmlView(html);
        expect(shown.links.every((l) => l.url.startsWith(d.running.deps.publicBaseUrl))).toBe(true);
        if (plainMessage(message).includes(ALL)) {
          withPayload += 1;
          expect(shown.text).toContain(ALL);
        }
      }
      expect(withPayload).toBeGreaterThan(5);
    });
  });

  /** Messages queued for delivery whose target matches. */
  async function queued(match: (target: Record<string, unknown>) => boolean): Promise<Message[]> {
    const rows = await queuedRows(d.running.db, { kind: "message" });
    return rows.flatMap((row) => {
      const { target, message } = JSON.parse(row.payload) as {
        target: Record<string, unknown>;
        message: unknown;
      };
      return match(target) ? [messageSchema.parse(message)] : [];
    });
  }
}
