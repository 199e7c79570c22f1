import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeetingId, MemberId } from "../../src/domain/ids.ts";
import { htmlView } from "../support/display.ts";
import { slackCtx } from "../support/fakes.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * Members read a meeting's minutes on their page (`/p/<token>/sintesi/<versionId>`, issue 14):
 * only the sections meant for their role, who attended, and the decisions taken there that they
 * may see (those they were asked about); "presa visione" the same way as the summary. The
 * personal page lists the latest minutes: one line a meeting, the newest first, at most three.
 */
const h = new PagesHarness();
let coordinator: MemberId;
let mother: string;
let psychologist: string;
let teacher: string;
let minutesV1: string;
const meetings: MeetingId[] = [];

const FAMILY_TEXT = `Si è parlato della scuola: <script>alert("x")</script> & "compiti".`;
const PROFESSIONALS_TEXT = "PSI-ONLY: colloquio con la neuropsichiatria.";
const ALL_ASKED = "Attivare l'educativa <b>domiciliare</b>?";
/** A decision the psychologist need not answer (every member of the équipe is still asked). */
const NOT_PSY = "Chiedere un sostegno economico?";

async function meeting(startsAt: string): Promise<MeetingId> {
  // Written through the test's own connection: the server's work (the messages of the minutes just
  // circulated) ends first. On SQLite a write that waits for the other connection's lock blocks
  // this one process, lock holder included, until the busy timeout.
  await h.running.idle();
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const id = randomUUID();
  await h.testDb.db.meeting.create({
    data: {
      id,
      equipeId: equipe.id,
      icalUid: `uid-${id}`,
      purpose: "t1",
      durationMinutes: 60,
      deadline: new Date("2026-12-01T09:00:00Z"),
      status: "confirmed",
      startsAt: new Date(startsAt),
      createdByMemberId: coordinator,
    },
  });
  return id as MeetingId;
}

const decide = (question: string, participants: string[]): Promise<string> =>
  h.askEveryone(question, participants);

/** The coordinator circulates minutes through the core's own editor form, as their link would. */
async function circulate(meetingId: MeetingId, values: Record<string, string>): Promise<string> {
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const all = {
    text_discussion: "",
    audience_discussion: "everyone",
    text_next: "",
    audience_next: "everyone",
    note: "Verbale",
    acknowledgeBy: "",
    intent: "circulate",
    attendees: coordinator,
    decisions: "",
    ...values,
  };
  const req = {
    actor: { kind: "link" as const, memberId: coordinator },
    place: { kind: "private" as const },
    deliveryKey: randomUUID(),
    inline: { answer: () => undefined },
  };
  const metadata = `${equipe.id}/minutes:${meetingId}`;
  const check = await h.running.core.checkForm(req, "summary-edit", all, metadata);
  expect(check.kind).toBe("ok");
  await h.running.core.submitForm(req, "summary-edit", all, metadata);
  return (
    await h.testDb.db.summaryVersion.findFirstOrThrow({
      where: { document: `minutes:${meetingId}` },
      orderBy: { number: "desc" },
    })
  ).id;
}

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  const mum = await h.memberId("mamma@example.org");
  const psy = await h.memberId("psi@example.org");
  mother = await h.linkFor(mum);
  psychologist = await h.linkFor(psy);
  const everyone = (await h.testDb.db.member.findMany({ where: { removedAt: null } })).map((m) => m.id);
  const asked = await decide(ALL_ASKED, everyone);
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "outcome",
    { outcome: "Sì, due pomeriggi <i>a settimana</i>.", actions: "", review: "", override: "Deciso." },
    asked,
  );
  const notPsy = await decide(
    NOT_PSY,
    everyone.filter((id) => id !== psy),
  );
  // Joined after the decisions were opened: asked about none of them.
  await h.run("U0COORD", "add-external ins@example.org insegnante Carla I.");
  teacher = await h.linkFor(await h.memberId("ins@example.org"));
  const first = await meeting("2027-01-07T14:00:00Z");
  meetings.push(first);
  minutesV1 = await circulate(first, {
    text_discussion: FAMILY_TEXT,
    text_next: PROFESSIONALS_TEXT,
    audience_next: "social_worker,psychologist",
    attendees: [coordinator, mum, psy].join(","),
    decisions: [asked, notPsy].join(","),
  });
});
afterAll(() => h.stop());

const read = async (token: string, versionId: string) => {
  const response = await fetch(`${h.url}/p/${token}/sintesi/${versionId}`);
  return { response, html: await response.text() };
};
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("who reads what in the minutes", () => {
  it("shows the mother the family's section, who attended, and the decisions she was asked about", async () => {
    const { response, html } = await read(mother, minutesV1);
    expect(response.status).toBe(200);
    const view = htmlView(html);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe("Équipe — il verbale da leggere");
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(
      "Verbale dell&#39;incontro del 7 gennaio 2027 — versione 1",
    );
    expect(view.text).toMatch(/Presenti: .*Anna B\..*Paolo P\./);
    expect(view.text).toContain("Decisioni prese in questo incontro");
    expect(view.text).toContain(
      "«Attivare l'educativa <b>domiciliare</b>?»: Sì, due pomeriggi <i>a settimana</i>.",
    );
    expect(html).not.toContain("<b>domiciliare</b>");
    expect(view.text).toContain(`«${NOT_PSY}»: esito non ancora registrato`);
    expect(view.text).toContain("Che cosa si è detto");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(view.text).not.toContain("PSI-ONLY");
    expect(view.text).not.toContain("Prossimi passi");
    // The opening is in the audit trail, through the web.
    const opened = await h.audit("summary.read.web");
    expect(opened.at(-1)).toEqual({ actorId: await h.memberId("mamma@example.org"), subjectId: minutesV1 });
  });

  it("shows the psychologist both sections and the decisions they were asked about", async () => {
    const { response, html } = await read(psychologist, minutesV1);
    expect(response.status).toBe(200);
    const view = htmlView(html);
    expect(view.text).toContain("PSI-ONLY");
    expect(view.text).toContain("Prossimi passi");
    expect(view.text).toContain("Attivare l'educativa <b>domiciliare</b>?");
    expect(view.text).toContain(NOT_PSY);
  });

  it("shows a teacher who joined later who attended, but no decision they were not asked about", async () => {
    const { response, html } = await read(teacher, minutesV1);
    expect(response.status).toBe(200);
    const view = htmlView(html);
    expect(view.text).toMatch(/Presenti: /);
    expect(view.text).toContain("Si è parlato della scuola");
    expect(view.text).not.toContain("Decisioni prese in questo incontro");
    expect(view.text).not.toContain("domiciliare");
    expect(view.text).not.toContain(NOT_PSY);
    expect(view.text).not.toContain("PSI-ONLY");
  });

  it("lets the mother acknowledge the minutes; the summary is not touched", async () => {
    const { html } = await read(mother, minutesV1);
    const response = await postForm(`${h.url}/p/${mother}/sintesi/${minutesV1}`, {
      csrf: csrfOf(html),
      ack: "yes",
      section: "",
      kind: "add",
      comment: "",
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(htmlView(page).text).toContain("Presa visione della versione 1 registrata.");
    // The page after the POST still says who attended.
    expect(htmlView(page).text).toMatch(/Presenti: /);
    expect(
      await h.testDb.db.summaryAcknowledgement.count({ where: { document: `minutes:${meetings[0]}` } }),
      // Their author's (circulating them is reading them) and the mother's.
    ).toBe(2);
    expect(await h.testDb.db.summaryAcknowledgement.count({ where: { document: "summary" } })).toBe(0);
  });

  it("reads a version of minutes of another équipe, or garbage, as not found", async () => {
    for (const id of ["nope", "%3Cscript%3E", "x".repeat(65), randomUUID()]) {
      const { response } = await read(mother, id);
      expect(response.status, id).toBe(404);
    }
  });
});

describe("the personal page", () => {
  it("lists the minutes with where the member stands, linking to the reading page", async () => {
    const response = await fetch(`${h.url}/p/${mother}`);
    expect(response.status).toBe(200);
    const view = htmlView(await response.text());
    expect(view.text).toContain("I verbali degli incontri");
    expect(view.text).toMatch(/Verbale dell'incontro del 7 gennaio 2027: versione 1 — presa visione il /);
    expect(view.links).toContainEqual({
      label: "Leggi il verbale dell'incontro del 7 gennaio 2027",
      url: `/p/${mother}/sintesi/${minutesV1}`,
    });
    const psy = htmlView(await (await fetch(`${h.url}/p/${psychologist}`)).text());
    expect(psy.text).toContain("Verbale dell'incontro del 7 gennaio 2027: versione 1 — da leggere.");
  });

  it("lists at most three meetings, the newest first, and none whose minutes hold nothing for the member", async () => {
    const days = ["2026-12-10", "2026-12-17", "2027-01-03"];
    for (const day of days) {
      const id = await meeting(`${day}T14:00:00Z`);
      meetings.push(id);
      await circulate(id, { text_discussion: `Verbale del ${day}.` });
    }
    // Newer than all, but only for the professionals: not the mother's.
    const hidden = await meeting("2027-01-09T14:00:00Z");
    await circulate(hidden, { text_discussion: "Solo professionisti.", audience_discussion: "psychologist" });
    const view = htmlView(await (await fetch(`${h.url}/p/${mother}`)).text());
    const lines = [...view.text.matchAll(/(Verbale dell'incontro del [^:]+): versione/g)].map((m) => m[1]);
    expect(lines).toEqual([
      "Verbale dell'incontro del 7 gennaio 2027",
      "Verbale dell'incontro del 3 gennaio 2027",
      "Verbale dell'incontro del 17 dicembre 2026",
    ]);
    expect(view.text).not.toContain("9 gennaio 2027");
    const psy = htmlView(await (await fetch(`${h.url}/p/${psychologist}`)).text());
    expect(psy.text).toContain("Verbale dell'incontro del 9 gennaio 2027: versione 1 — da leggere.");
    expect(psy.text).not.toContain("17 dicembre 2026");
  });
});
