import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { type Cast, type ChatDriver, last, type SeenButton } from "./driver.ts";

/** What a person types as a reason, every character that Markdown would take for markup. */
const TYPED = "*non* ora _mai_ # | `x` <b>y</b> & [z](https://evil.example)\n1. primo\n- secondo";
const CHILD_REASON = "Luca ha sei anni: lo ascolta la psicologa.";
const DECIDE = {
  question: "Proseguiamo con l'educativa domiciliare?",
  context: "Verifica T1.",
  kind: "stances",
  options: "",
  deadline: "2027-10-27 18:00",
};

/** A rendered document as a reader sees it: its blocks, in order, and the markup found in text. */
interface Block {
  tag: string;
  text: string;
  items?: Item[];
}
interface Item {
  text: string;
  children: Item[];
}

/**
 * The verbale through markdown-it (CommonMark plus tables and strikethrough, raw HTML allowed as
 * on most renderers): the top-level blocks with their text; list items with nested items; and
 * every inline element that is not text or a line break (what people's text must never become).
 */
function rendered(source: string): { blocks: Block[]; markup: string[]; html: string } {
  const md = new MarkdownIt({ html: true });
  const tokens = md.parse(source, {});
  const markup: string[] = [];
  const inline = (index: number): string => {
    const token = tokens[index];
    let text = "";
    for (const child of token?.children ?? []) {
      if (child.type === "text") text += child.content;
      else if (child.type === "softbreak" || child.type === "hardbreak") text += "\n";
      else if (child.type === "strong_open" || child.type === "strong_close") text += "";
      else markup.push(child.type === "html_inline" ? child.content : child.type);
    }
    return text;
  };
  /** Items of the list opening at `start`, up to its close; returns the index after it. */
  const list = (start: number): [Item[], number] => {
    const items: Item[] = [];
    let i = start + 1;
    let current: Item | undefined;
    while (i < tokens.length) {
      const token = tokens[i] as (typeof tokens)[number];
      if (token.type === "bullet_list_close") return [items, i + 1];
      if (token.type === "list_item_open") {
        current = { text: "", children: [] };
        items.push(current);
      } else if (token.type === "inline" && current) current.text += inline(i);
      else if (token.type === "bullet_list_open" && current) {
        const [children, next] = list(i);
        current.children.push(...children);
        i = next;
        continue;
      } else if (token.type === "ordered_list_open") markup.push("ordered_list");
      i += 1;
    }
    return [items, i];
  };
  const blocks: Block[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as (typeof tokens)[number];
    if (token.type === "heading_open" || token.type === "paragraph_open") {
      blocks.push({ tag: token.tag, text: inline(i + 1) });
      i += 3;
    } else if (token.type === "bullet_list_open") {
      const [items, next] = list(i);
      blocks.push({ tag: "ul", text: "", items });
      i = next;
    } else {
      // Anything else at the top (code block, quote, table, rule, HTML block) is markup of the text.
      if (!token.type.endsWith("_close")) markup.push(token.type);
      i += 1;
    }
  }
  return { blocks, markup, html: md.render(source) };
}

/**
 * The decision record (verbale) for the case file, written once for every chat adapter: a
 * viewpoint recorded on someone's behalf says whose it is and who recorded it, how; a change of
 * mind keeps the earlier stance with its time and reason while the live count uses the latest;
 * a family member left out is named with the reason; a closed record speaks of the past, in
 * the reader's language only; and it renders as headings, paragraphs and lists in a standard
 * Markdown renderer, with people's text exactly as typed.
 */
export function recordsContract(makeDriver: () => ChatDriver): void {
  const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
  const d = makeDriver();

  beforeAll(async () => {
    await d.start(clock);
    await d.command("coord", "configura FAM-2027-401");
    await d.command("coord", `aggiungi ${d.mention("edu")} educatore`);
    await d.command("coord", `aggiungi ${d.mention("teacher")} insegnante`);
    await d.command("coord", "aggiungi-esterno mamma@example.org genitore Anna B.");
    await d.command("coord", "aggiungi-esterno luca@example.org figlio Luca B.");
    await d.settle();
  });
  afterAll(() => d.stop());

  const askOf = (who: Cast) =>
    last(d.privateMessages(who).filter((m) => m.buttons.some((b) => b.actionId === "decide:answer")));

  async function answer(who: Cast, values: { answer: string; reason: string; side: string }) {
    await d.click(who, askOf(who).buttons[0] as SeenButton);
    await d.settle();
    expect(d.takeOpenedForm(who)).toBe(true);
    expect(await d.submitForm(who, values)).toEqual({});
    await d.settle();
  }

  let record = "";

  describe(`decision records (${d.platform})`, () => {
    it("opens a decision without the child, with the reason", async () => {
      await d.command("coord", "decidi");
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      const withoutChild = d.formChoices("participants").filter((c) => !c.label.startsWith("Luca"));
      expect(withoutChild).toHaveLength(4);
      expect(
        await d.submitForm("coord", {
          ...DECIDE,
          participants: withoutChild.map((c) => c.value).join(","),
          familyReason: CHILD_REASON,
        }),
      ).toEqual({});
      await d.settle();
      expect(last(d.channelMessages()).text).toContain("0 su 4");
    });

    it("keeps a change of mind and a viewpoint recorded by phone, counting only the latest", async () => {
      clock.set(new Date("2027-10-21T08:12:00Z"));
      await answer("edu", { answer: "doubts", reason: "Dipende dagli orari.", side: "none" });
      clock.set(new Date("2027-10-21T09:00:00Z"));
      await d.command(
        "coord",
        "parere mamma@example.org contrario per telefono bambino: Ho paura che si senta controllato.",
      );
      await d.settle();
      clock.set(new Date("2027-10-22T07:30:00Z"));
      await answer("edu", { answer: "disagree", reason: TYPED, side: "parent_responses" });
      clock.set(new Date("2027-10-22T08:00:00Z"));
      await d.command(
        "coord",
        "parere mamma@example.org d'accordo di persona Dopo il colloquio è d'accordo.",
      );
      await d.settle();
      await answer("coord", { answer: "agree", reason: "", side: "none" });
      // The live count: three people have answered, whatever they said before.
      expect(last(d.channelMessages()).text).toContain("3 su 4");
      expect(await d.running.db.viewpoint.count()).toBe(3);
      expect(await d.running.db.viewpointRevision.count()).toBe(5);
      await d.command("coord", "decisione");
      await d.settle();
      const status = last(d.privateMessages("coord")).text.split("\n");
      const anna = status.find((line) => line.includes("Anna B.")) ?? "";
      expect(anna).toContain("d'accordo");
      expect(anna).not.toContain("non d'accordo");
      expect(anna).toContain(`registrato da ${d.shownAs("coord")} per suo conto, sentito di persona`);
      expect(status.join("\n")).not.toContain("ho dubbi");
    });

    it("records the outcome after the deadline and hands over the verbale", async () => {
      clock.set(new Date("2027-10-27T16:00:30Z"));
      await d.running.jobs.tick();
      await d.settle();
      const picture = last(
        d.privateMessages("coord").filter((m) => m.buttons.some((b) => b.actionId === "decide:outcome")),
      );
      // Exactly who was not asked: the child, by name; the parents were asked.
      expect(picture.text).toContain(
        `Non è stato chiesto il punto di vista a Luca B. — motivo: ${CHILD_REASON}`,
      );
      expect(picture.text).not.toContain("La famiglia");
      await d.click("coord", picture.buttons[0] as SeenButton);
      await d.settle();
      expect(d.takeOpenedForm("coord")).toBe(true);
      expect(
        await d.submitForm("coord", {
          outcome: "Si prosegue per tre mesi.",
          actions: "educatore | sentire la scuola | 2027-11-10",
          review: "",
          override: "La scuola è stata sentita in riunione.",
        }),
      ).toEqual({});
      await d.settle();
      await d.command("coord", "verbale");
      await d.settle();
      record = (await d.receiveFile("coord")).content;
      expect(record.endsWith("\n")).toBe(true);
    });

    it("says whose viewpoint each is, who recorded it and how, and every earlier stance with its time", () => {
      const { blocks } = rendered(record);
      const viewpoints = blocks.find((b) => b.tag === "ul")?.items ?? [];
      expect(viewpoints.map((v) => v.text.split(":")[0])).toEqual([
        "Elena Educatrice (educatore/educatrice)",
        "Anna B. (genitore)",
        "Carla Coordinatrice (assistente sociale)",
      ]);
      const [elena, anna] = viewpoints as [Item, Item];
      expect(elena.text).toContain("non d'accordo (ven 22 ott 2027, 09:30)");
      expect(elena.text).toContain("riguarda le risposte dei genitori");
      expect(elena.children.map((c) => c.text)).toEqual([
        "prima: ho dubbi (gio 21 ott 2027, 10:12) — motivo: Dipende dagli orari.",
      ]);
      expect(anna.text).toBe(
        "Anna B. (genitore): d'accordo (ven 22 ott 2027, 10:00) — raccolto da Carla Coordinatrice (assistente sociale) di persona — motivo: Dopo il colloquio è d'accordo.",
      );
      expect(anna.children.map((c) => c.text)).toEqual([
        "prima: non d'accordo (gio 21 ott 2027, 11:00) — riguarda i bisogni del bambino — raccolto da Carla Coordinatrice (assistente sociale) per telefono — motivo: Ho paura che si senta controllato.",
      ]);
    });

    it("names exactly who was not asked, and speaks of a closed decision in the past, in Italian only", () => {
      const text = rendered(record)
        .blocks.map((b) => [b.text, ...(b.items ?? []).map((i) => i.text)].join("\n"))
        .join("\n");
      expect(text).toContain(
        `Non è stato chiesto il punto di vista a Luca B. (figlio/a) — motivo: ${CHILD_REASON}`,
      );
      expect(text).not.toContain("La famiglia non è stata interpellata");
      expect(text).toContain("Raccolta dei punti di vista chiusa il mer 27 ott 2027, 18:00.");
      expect(text).toContain("Non ha dato il punto di vista: Tommaso Insegnante (insegnante).");
      expect(text).toContain("Esito registrato senza il punto di vista di Tommaso Insegnante (insegnante)");
      for (const present of [
        "Nessun altro ha ancora risposto",
        "Mancano",
        "non ancora",
        "(override)",
        "override",
      ])
        expect(text).not.toContain(present);
      expect(text).toContain("ha registrato l'esito senza tutti i punti di vista, indicando il motivo");
      expect(text).toContain("la raccolta dei punti di vista si è chiusa");
    });

    it("renders as headings, paragraphs and lists, with people's text exactly as typed", () => {
      const { blocks, markup, html } = rendered(record);
      expect(blocks.filter((b) => b.tag === "h1").map((b) => b.text)).toEqual([
        "Decisione dell'équipe — FAM-2027-401",
      ]);
      expect(blocks.filter((b) => b.tag === "h2").map((b) => b.text)).toEqual([
        "Punti di vista",
        "Esito",
        "Registro",
      ]);
      // Each statement its own paragraph, never glued to the next.
      const paragraphs = blocks.filter((b) => b.tag === "p").map((b) => b.text);
      for (const start of ["Domanda:", "Contesto:", "Aperta da", "Chi doveva rispondere:", "Si prosegue"])
        expect(paragraphs.filter((p) => p.startsWith(start))).toHaveLength(1);
      expect(paragraphs.find((p) => p.startsWith("Domanda:"))).toBe(`Domanda: ${DECIDE.question}`);
      // The action is an item of its own list; the trail is a list, one item per event.
      const lists = blocks.filter((b) => b.tag === "ul");
      expect(lists).toHaveLength(3);
      expect(lists[1]?.items?.map((i) => i.text)).toEqual([
        "Elena Educatrice (educatore/educatrice): sentire la scuola — entro mer 10 nov 2027, 09:00",
      ]);
      expect(lists[2]?.items?.length).toBeGreaterThanOrEqual(6);
      // The typed reason: literally, its line breaks kept, nothing of it markup.
      const elena = lists[0]?.items?.[0]?.text ?? "";
      expect(elena).toContain(`motivo: ${TYPED}`);
      expect(markup).toEqual([]);
      expect(html).not.toMatch(/<(em|code|a|b|table|ol|h[3-6]|pre|blockquote|hr)\b/);
      expect(html.match(/<strong>/g)?.length).toBeGreaterThanOrEqual(5);
    });
  });
}
