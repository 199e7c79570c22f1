import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickNewest } from "../support/clicks.ts";
import { htmlView } from "../support/display.ts";
import { PagesHarness, webEquipe } from "../support/web-pages.ts";

/**
 * The personal page: for the member's équipe, what is waiting for them (the open poll, a decision
 * asking their viewpoint), their next confirmed meetings with "add to calendar", their feed; plain
 * words for a parent, the case code for a professional; Italian or English. Reading it changes
 * nothing but the audit trail's record of the opening.
 */
const h = new PagesHarness();
let mother: string;
let psychologist: string;
let confirmedId: string;
let pollId: string;

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  await h.convene(["2027-02-03 15:00", "2027-02-04 15:00"], "2027-01-20 12:00", "Sala verde");
  await h.run("U0COORD", "conferma 1");
  await clickNewest(h.running.core, h.testDb, "U0COORD", "confirm-send");
  confirmedId = (await h.testDb.db.meeting.findFirstOrThrow({ where: { status: "confirmed" } })).id;
  await h.convene(["2027-02-10 15:00", "2027-02-11 15:00"], "2027-01-25 12:00");
  pollId = (await h.testDb.db.meeting.findFirstOrThrow({ where: { status: "polling" } })).id;
  await h.askEveryone("Proseguiamo con l'educativa <b>domiciliare</b>?");
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  psychologist = await h.linkFor(await h.memberId("psi@example.org"));
});
afterAll(() => h.stop());

const open = async (path: string) => {
  const response = await fetch(`${h.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};

describe("the personal page of a parent", () => {
  it("shows what is waiting, in plain words and without the case code", async () => {
    const html = await open(`/p/${mother}`);
    const view = htmlView(html);
    expect(html).toContain('<html lang="it">');
    expect(view.text).toContain("Ciao Anna B.");
    expect(view.text).not.toContain("FAM-2027-021");
    expect(view.text).toContain(
      "Dicci quando puoi venire al prossimo incontro. Rispondi entro lunedì 25 gennaio 2027, 12:00.",
    );
    expect(view.links).toContainEqual({ label: "Scegli gli orari", url: `/p/${mother}/incontro/${pollId}` });
    // The question as the coordinator wrote it: text, never markup.
    expect(view.text).toContain("Proseguiamo con l'educativa <b>domiciliare</b>?");
    expect(html).toContain("&lt;b&gt;domiciliare&lt;/b&gt;");
    expect(view.text).toContain("entro sabato 30 gennaio 2027, 18:00");
  });

  it("lists the next confirmed meeting in the équipe's zone, with its place and its calendar file", async () => {
    const view = htmlView(await open(`/p/${mother}`));
    expect(view.text).toContain("mercoledì 3 febbraio 2027, 15:00–16:00");
    expect(view.text).toContain("Luogo: Sala verde");
    const add = view.links.find((l) => l.label.startsWith("Aggiungi al calendario"));
    expect(add?.url).toBe(`/p/${mother}/incontro/${confirmedId}/calendario.ics`);
    const file = await fetch(`${h.url}${add?.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="equipe-incontro.ics"');
    const ics = await file.text();
    expect(ics).toContain("DTSTART;TZID=Europe/Rome:20270203T150000");
    expect(ics).not.toContain("FAM-2027-021");
  });

  it("links their calendar feed, which opens", async () => {
    const feed = htmlView(await open(`/p/${mother}`)).links.find((l) => l.label === "Collega il calendario");
    expect(feed?.url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(feed?.url ?? "").pathname;
    expect((await fetch(`${h.url}${path}`)).status).toBe(200);
  });

  it("says when the poll is answered, and that the answers can still change", async () => {
    const { db } = h.testDb;
    const slots = await db.slot.findMany({ where: { meetingId: pollId } });
    const memberId = await h.memberId("mamma@example.org");
    await db.availability.createMany({
      data: slots.map((s) => ({ id: randomUUID(), slotId: s.id, memberId, answer: "yes" })),
    });
    try {
      const view = htmlView(await open(`/p/${mother}`));
      expect(view.text).toContain("Hai già detto quando puoi venire al prossimo incontro");
      expect(view.links).toContainEqual({
        label: "Cambia le risposte",
        url: `/p/${mother}/incontro/${pollId}`,
      });
    } finally {
      await db.availability.deleteMany({ where: { memberId } });
    }
  });
});

describe("the personal page of a professional outside chat", () => {
  it("names the équipe and the meeting by the case code", async () => {
    const view = htmlView(await open(`/p/${psychologist}`));
    expect(view.text).toContain("FAM-2027-021");
    expect(view.text).toContain("FAM-2027-021 — verifica intermedia (T1)");
  });
});

describe("the page's language", () => {
  it("is English by link, every link keeping it, and Italian again by link", async () => {
    const html = await open(`/p/${mother}?lang=en`);
    const view = htmlView(html);
    expect(html).toContain('<html lang="en">');
    expect(view.text).toContain(
      "Tell us when you can come to the next meeting. Answer by Monday, 25 January 2027, 12:00.",
    );
    expect(view.text).toContain("Wednesday, 3 February 2027, 15:00–16:00");
    expect(view.links).toContainEqual({
      label: "Choose times",
      url: `/p/${mother}/incontro/${pollId}?lang=en`,
    });
    expect(view.links).toContainEqual({ label: "Italiano", url: `/p/${mother}?lang=it` });
    expect(htmlView(await open(`/p/${mother}?lang=it`)).text).toContain("La tua pagina");
  });

  it("is English for a member whose language is English", async () => {
    const memberId = await h.memberId("psi@example.org");
    await h.testDb.db.member.update({ where: { id: memberId }, data: { locale: "en" } });
    try {
      expect(await open(`/p/${psychologist}`)).toContain('<html lang="en">');
      expect(await open(`/p/${psychologist}?lang=it`)).toContain('<html lang="it">');
    } finally {
      await h.testDb.db.member.update({ where: { id: memberId }, data: { locale: null } });
    }
  });
});

describe("reading pages", () => {
  it("changes no table but the audit trail, where each opening is the member's", async () => {
    const before = await h.tables();
    const trail = (await h.audit("page.opened")).length;
    const paths = [
      `/p/${mother}`,
      `/p/${mother}?lang=en`,
      `/p/${mother}/incontro/${pollId}`,
      `/p/${mother}/incontro/${pollId}/fatto`,
      `/p/${mother}/incontro/${confirmedId}`,
      `/p/${mother}/incontro/${confirmedId}/calendario.ics`,
    ];
    for (const path of paths) expect((await fetch(`${h.url}${path}`)).status).toBe(200);
    // Pages that do not exist write nothing at all.
    expect((await fetch(`${h.url}/p/${mother}/incontro/00000000-0000-0000-0000-000000000000`)).status).toBe(
      404,
    );
    expect(await h.tables()).toEqual(before);
    const opened = (await h.audit("page.opened")).slice(trail);
    const memberId = await h.memberId("mamma@example.org");
    expect(opened).toEqual([
      { actorId: memberId, subjectId: null },
      { actorId: memberId, subjectId: null },
      { actorId: memberId, subjectId: pollId },
      { actorId: memberId, subjectId: pollId },
      { actorId: memberId, subjectId: confirmedId },
      { actorId: memberId, subjectId: confirmedId },
    ]);
  });

  it("would see a change in any table (the comparison is not vacuous)", async () => {
    const before = await h.tables();
    await h.testDb.db.member.updateMany({
      where: { email: "psi@example.org" },
      data: { phone: "+39 333 000" },
    });
    expect(await h.tables()).not.toEqual(before);
  });
});
