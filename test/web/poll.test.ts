import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formKeyFrom, formToken } from "../../src/http/page-forms.ts";
import { clickNewest } from "../support/clicks.ts";
import { htmlView } from "../support/display.ts";
import { PagesHarness, postForm, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * Answering a time poll by link: a form per poll with a CSRF token; every answer through the core
 * as the member's own (the coordinator's poll, counts and ranking take it as a chat answer); a
 * missing answer shown GOV.UK's way; a poll that closed says so; a POST without this form's token
 * writes nothing.
 */
const h = new PagesHarness();
let token: string;
let other: string;
let meetingId: string;
let slots: { id: string }[];
let pollUrl: string;

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  await h.convene(["2027-02-03 15:00", "2027-02-04 15:00"], "2027-01-20 12:00", "Sala verde");
  const meeting = await h.testDb.db.meeting.findFirstOrThrow({
    include: { slots: { orderBy: { position: "asc" } } },
  });
  meetingId = meeting.id;
  slots = meeting.slots;
  token = await h.linkFor(await h.memberId("mamma@example.org"));
  other = await h.linkFor(await h.memberId("psi@example.org"));
  pollUrl = `${h.url}/p/${token}/incontro/${meetingId}`;
});
afterAll(() => h.stop());

/** The CSRF token the poll page's form carries. */
async function csrfOf(url = pollUrl): Promise<string> {
  const html = await (await fetch(url)).text();
  const found = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (found === undefined) throw new Error("no CSRF field");
  return found;
}

const field = (i: number) => `slot-${slots[i]?.id}`;

describe("the poll page", () => {
  it("asks one question per time, Sì / Se necessario / No, with its token and one button", async () => {
    const html = await (await fetch(pollUrl)).text();
    const view = htmlView(html);
    expect(view.text).toContain("Quando puoi venire?");
    expect(view.text).toContain("Luogo: Sala verde");
    expect(view.text).toContain("Puoi cambiarle fino a mercoledì 20 gennaio 2027, 12:00.");
    expect(html.match(/<fieldset/g)).toHaveLength(2);
    expect(html).toContain("<legend>mercoledì 3 febbraio 2027, 15:00–16:00</legend>");
    for (const answer of ["yes", "if_needed", "no"])
      expect(html).toContain(`name="${field(0)}" value="${answer}"`);
    expect(html.match(/type="submit"/g)).toHaveLength(1);
    expect(html).toContain(`<form method="post" action="/p/${token}/incontro/${meetingId}"`);
    expect(await csrfOf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("a POST without this form's token", () => {
  it("is refused with 403 and writes nothing: no token, a wrong one, another link's, another meeting's", async () => {
    const answers = { [field(0)]: "yes", [field(1)]: "no" };
    const key = formKeyFrom(WEB_DATA_KEY);
    const linkHash = (await h.testDb.db.pageLink.findFirstOrThrow({ orderBy: { createdAt: "asc" } }))
      .tokenHash;
    const [mine, others] = [await csrfOf(), await csrfOf(`${h.url}/p/${other}/incontro/${meetingId}`)];
    const before = await h.tables([]);
    const refused = [
      answers,
      { ...answers, csrf: randomBytes(32).toString("base64url") },
      { ...answers, csrf: others },
      { ...answers, csrf: formToken(key, linkHash, "poll:00000000-0000-0000-0000-000000000000") },
      { ...answers, csrf: "" },
    ];
    for (const fields of refused) {
      const response = await postForm(pollUrl, fields);
      expect(response.status).toBe(403);
      expect(htmlView(await response.text()).text).toContain("Le risposte non sono state salvate");
    }
    // The token given twice is not a form of ours either.
    const twice = await fetch(pollUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${mine}&csrf=${mine}&${new URLSearchParams(answers)}`,
    });
    expect(twice.status).toBe(403);
    expect(await h.tables([])).toEqual(before);
  });
});

describe("a missing answer", () => {
  it("shows the page again: an error summary first, the field marked, what was ticked kept, nothing written", async () => {
    const csrf = await csrfOf();
    const before = await h.tables([]);
    const response = await postForm(pollUrl, { csrf, [field(0)]: "if_needed" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<title>Errore: Équipe — /);
    expect(html.indexOf('class="error-summary"')).toBeLessThan(html.indexOf("<h1>"));
    expect(htmlView(html).links).toContainEqual({
      label: "Scegli una risposta per giovedì 4 febbraio 2027, 15:00–16:00",
      url: `#${field(1)}-yes`,
    });
    expect(html).toContain(`<fieldset class="field field-error" aria-describedby="${field(1)}-error">`);
    expect(html).toContain(`id="${field(0)}-if_needed" name="${field(0)}" value="if_needed" checked`);
    expect(html).not.toMatch(new RegExp(`name="${field(1)}" value="[a-z_]+" checked`));
    expect(await h.tables([])).toEqual(before);
  });
});

describe("a good POST", () => {
  it("records the member's own answers through the core, then shows the confirmation", async () => {
    const response = await postForm(pollUrl, { csrf: await csrfOf(), [field(0)]: "yes", [field(1)]: "no" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/p/${token}/incontro/${meetingId}/fatto`);
    const mother = await h.memberId("mamma@example.org");
    const rows = await h.testDb.db.availability.findMany({
      where: { memberId: mother },
      select: { slotId: true, answer: true, recordedByMemberId: true },
    });
    expect(rows.sort((a, b) => (a.slotId === slots[0]?.id ? -1 : b.slotId === slots[0]?.id ? 1 : 0))).toEqual(
      [
        { slotId: slots[0]?.id, answer: "yes", recordedByMemberId: null },
        { slotId: slots[1]?.id, answer: "no", recordedByMemberId: null },
      ],
    );
    const answered = await h.audit("availability.answered");
    expect(answered.map((a) => a.actorId)).toEqual([mother, mother]);
    const done = htmlView(await (await fetch(`${h.url}${response.headers.get("location")}`)).text());
    expect(done.text).toContain("Risposte salvate");
    expect(done.text).toContain("mercoledì 3 febbraio 2027, 15:00–16:00: Sì");
    expect(done.text).toContain("giovedì 4 febbraio 2027, 15:00–16:00: No");
  });

  it("counts in the coordinator's stato as a chat answer: the family's no keeps a time down", async () => {
    await h.run("U0COORD", "stato");
    const status = await h.newestMessage();
    expect(status).toContain("Risposte: 1 su 4");
    expect(status).toMatch(/mer 3 feb 2027, 15:00–16:00 — sì 1 · se necessario 0 · no 0/);
    expect(status).toMatch(
      /gio 4 feb 2027, 15:00–16:00 — sì 0 · se necessario 0 · no 1 · la famiglia non può/,
    );
  });

  it("lets the member change an answer, and shows it checked; the same form again changes nothing", async () => {
    const csrf = await csrfOf();
    expect((await postForm(pollUrl, { csrf, [field(0)]: "yes", [field(1)]: "if_needed" })).status).toBe(303);
    const html = await (await fetch(pollUrl)).text();
    expect(html).toContain(`name="${field(1)}" value="if_needed" checked`);
    expect(html).toContain(`name="${field(0)}" value="yes" checked`);
    const before = await h.tables([]);
    expect((await postForm(pollUrl, { csrf, [field(0)]: "yes", [field(1)]: "if_needed" })).status).toBe(303);
    expect(await h.tables([])).toEqual(before);
  });

  it("keeps English through the form when it was chosen by link", async () => {
    const english = `${pollUrl}?lang=en`;
    const response = await postForm(english, {
      csrf: await csrfOf(english),
      [field(0)]: "yes",
      [field(1)]: "no",
    });
    expect(response.headers.get("location")).toBe(`/p/${token}/incontro/${meetingId}/fatto?lang=en`);
  });
});

describe("a poll that closed", () => {
  it("says so after its deadline, and what happens now; an answer then is refused and writes nothing", async () => {
    const csrf = await csrfOf();
    h.clock.set(new Date("2027-01-20T11:00:00Z"));
    const view = htmlView(await (await fetch(pollUrl)).text());
    expect(view.text).toContain("La scelta degli orari è chiusa");
    expect(view.text).toContain("Il tempo per rispondere è finito mercoledì 20 gennaio 2027, 12:00.");
    expect(view.text).toContain("mercoledì 3 febbraio 2027, 15:00–16:00: Sì");
    expect(view.text).toContain("giovedì 4 febbraio 2027, 15:00–16:00: No");
    const before = await h.tables([]);
    const late = await postForm(pollUrl, { csrf, [field(0)]: "yes", [field(1)]: "yes" });
    expect(late.status).toBe(409);
    expect(htmlView(await late.text()).text).toContain("La scelta degli orari è chiusa");
    expect(await h.tables([])).toEqual(before);
  });

  it("says when the meeting was set, where, with its calendar file", async () => {
    await h.run("U0COORD", "conferma 1");
    await clickNewest(h.running.core, h.testDb, "U0COORD", "confirm-send");
    const view = htmlView(await (await fetch(pollUrl)).text());
    expect(view.text).toContain("L'incontro è fissato: mercoledì 3 febbraio 2027, 15:00–16:00.");
    expect(view.links).toContainEqual({
      label: "Aggiungi al calendario",
      url: `/p/${token}/incontro/${meetingId}/calendario.ics`,
    });
  });

  it("says when the meeting was cancelled, and that there is nothing to do", async () => {
    await h.testDb.db.meeting.update({ where: { id: meetingId }, data: { status: "cancelled" } });
    const view = htmlView(await (await fetch(pollUrl)).text());
    expect(view.text).toContain("L'incontro è stato annullato. Non devi fare niente.");
  });
});
