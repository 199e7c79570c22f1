import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeetingId, MemberId } from "../../src/domain/ids.ts";
import { htmlView } from "../support/display.ts";
import { slackCtx } from "../support/fakes.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * The minutes of a meeting on the web (`/s/<token>` for a link of `/equipe verbale-incontro`,
 * issue 14): who attended (every active member, name and role), the decisions taken there, the
 * two sections with their readers; save and circulate through the core's own form; an id that is
 * not this équipe's refused at its field with everything typed kept; a meeting that is not
 * confirmed and begun said in words, never a 500. Each version prints and downloads as Markdown
 * with the meeting's day, who attended and the decisions.
 */
const h = new PagesHarness();
let coordinator: MemberId;
let meetingId: MeetingId;
let token: string;

const PEOPLE_TEXT = `La madre dice: <script>alert("x")</script> & "grazie" 'sì'`;
const QUESTION = "Attivare l'educativa <b>domiciliare</b>?";
const OUTCOME = "Sì, due pomeriggi & <i>sabato</i>.";

/** A meeting of the équipe, written as the meetings feature leaves a confirmed one. */
async function meeting(startsAt: string, status = "confirmed"): Promise<MeetingId> {
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const id = randomUUID();
  await h.testDb.db.meeting.create({
    data: {
      id,
      equipeId: equipe.id,
      icalUid: `uid-${id}`,
      purpose: "t1",
      durationMinutes: 60,
      deadline: new Date("2027-01-05T09:00:00Z"),
      status,
      startsAt: new Date(startsAt),
      createdByMemberId: coordinator,
    },
  });
  return id as MeetingId;
}

const linkFor = (id: MeetingId) => h.editLinkFor(coordinator, 60, { kind: "minutes", meetingId: id });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
const ids = async () => (await h.testDb.db.member.findMany({ where: { removedAt: null } })).map((m) => m.id);

async function openEditor(path = `/s/${token}`) {
  const response = await fetch(`${h.url}${path}`);
  return { response, html: await response.text() };
}

/** The editor's fields as a browser sends them: both sections for everyone unless told. */
function fields(csrf: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    csrf,
    text_discussion: "",
    audience_discussion_everyone: "yes",
    text_next: "",
    audience_next_everyone: "yes",
    note: "",
    acknowledgeBy: "",
    intent: "save",
    ...extra,
  };
}

const decide = (question: string, participants: string[]): Promise<string> =>
  h.askEveryone(question, participants);

const versions = () => h.testDb.db.summaryVersion.count();

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  // The clock reads 10 January 2027, 09:00 UTC: the meeting of the 7th has begun.
  meetingId = await meeting("2027-01-07T14:00:00Z");
});
afterAll(() => h.stop());

describe("a minutes link whose meeting cannot have minutes", () => {
  it("says so in the core's words when the meeting has not begun, with no form and no 500", async () => {
    const later = await linkFor(await meeting("2027-01-20T14:00:00Z"));
    const before = await h.tables();
    const { response, html } = await openEditor(`/s/${later}`);
    expect(response.status).toBe(409);
    const view = htmlView(html);
    expect(view.text).toContain("Il verbale non si può scrivere");
    expect(view.text).toContain("Non c'è un incontro confermato già iniziato");
    expect(html).not.toContain("<form");
    expect(await h.tables()).toEqual(before);
  });

  it("says so for a meeting still being arranged, and for an unknown token a 404", async () => {
    const polling = await linkFor(await meeting("2027-01-06T14:00:00Z", "polling"));
    const { response } = await openEditor(`/s/${polling}`);
    expect(response.status).toBe(409);
    expect((await openEditor(`/s/${"A".repeat(43)}`)).response.status).toBe(404);
  });
});

describe("the minutes editor", () => {
  beforeAll(async () => {
    token = await linkFor(meetingId);
  });

  it("shows the meeting's day, every member with name and role, no decision yet, the two sections", async () => {
    const { response, html } = await openEditor();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const view = htmlView(html);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe("Équipe — editor del verbale");
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe("Verbale dell&#39;incontro del 7 gennaio 2027");
    expect(view.text).toContain("Caso FAM-2027-021.");
    expect(html).toContain("<legend>Chi era presente</legend>");
    for (const id of await ids()) expect(html).toContain(`name="attendee_${id}"`);
    expect(view.text).toContain("Anna B. (genitore)");
    expect(view.text).toContain("Paolo P. (psicologo/a)");
    expect(view.text).toContain("L'équipe non ha ancora decisioni da collegare a questo verbale.");
    expect(html).toContain('<textarea id="text_discussion" name="text_discussion"');
    expect(html).toContain('<textarea id="text_next" name="text_next"');
    expect(html).not.toContain('name="text_needs"');
    expect(view.text).toContain("Che cosa si è detto");
    expect(view.text).toContain("Prossimi passi");
    // The minutes are everyone's by default: the family was in the room.
    expect(html).toMatch(/id="audience_discussion_everyone"[^>]*checked/);
    expect(html).toContain('id="intent-circulate"');
    expect(view.text).toContain("Nessuna versione è ancora circolata.");
  });

  it("lists the équipe's decisions by question, people's text escaped", async () => {
    const decided = await decide(QUESTION, await ids());
    await h.running.core.submitForm(
      slackCtx("U0COORD"),
      "outcome",
      { outcome: OUTCOME, actions: "", review: "", override: "Deciso all'incontro." },
      decided,
    );
    const { html } = await openEditor();
    expect(html).toContain("<legend>Decisioni prese in questo incontro</legend>");
    expect(html).toContain(`name="decision_${decided}"`);
    expect(html).toContain("Attivare l&#39;educativa &lt;b&gt;domiciliare&lt;/b&gt;?");
    expect(html).not.toContain("<b>domiciliare</b>");
  });

  it("saves a draft with who attended, and shows it ticked when opened again", async () => {
    const { html } = await openEditor();
    const [first, second] = await ids();
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        [`attendee_${first}`]: "yes",
        [`attendee_${second}`]: "yes",
        text_discussion: PEOPLE_TEXT,
      }),
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(htmlView(page).text).toContain("Bozza salvata");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(await versions()).toBe(0);
    const again = await openEditor();
    expect(again.html).toMatch(new RegExp(`id="attendee_${first}"[^>]*checked`));
    expect(again.html).toMatch(new RegExp(`id="attendee_${second}"[^>]*checked`));
    expect(again.html).toContain("&lt;script&gt;alert(&quot;x&quot;)");
  });

  it("refuses a member of another équipe at its field, everything typed kept, nothing written", async () => {
    await h.running.core.command(
      slackCtx("U0OTHER", { channelId: "C0OTHER" }),
      "setup FAM-2027-099",
      () => undefined,
    );
    const stranger = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0OTHER" } })).id;
    const { html } = await openEditor();
    const before = await h.tables();
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        [`attendee_${coordinator}`]: "yes",
        [`attendee_${stranger}`]: "yes",
        text_discussion: "Testo del verbale, da non perdere.",
        note: "Prima stesura",
        intent: "circulate",
      }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    const view = htmlView(page);
    expect(view.text).toContain("C'è un problema");
    expect(view.text).toContain("Tra i presenti c'è chi non è nell'équipe");
    expect(page).toContain('href="#attendees"');
    expect(page).toContain('<fieldset id="attendees" class="field field-error"');
    expect(page).toContain("Testo del verbale, da non perdere.");
    expect(page).toContain('value="Prima stesura"');
    expect(page).toMatch(new RegExp(`id="attendee_${coordinator}"[^>]*checked`));
    expect(/<title>([^<]*)<\/title>/.exec(page)?.[1]).toBe("Errore: Équipe — editor del verbale");
    expect(await h.tables()).toEqual(before);
  });

  it("refuses a decision that is not this équipe's, and a circulation with nobody present", async () => {
    const { html } = await openEditor();
    const before = await h.tables();
    const foreign = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        [`attendee_${coordinator}`]: "yes",
        [`decision_${randomUUID()}`]: "yes",
        text_discussion: "Testo",
        note: "Nota",
        intent: "circulate",
      }),
    );
    expect(foreign.status).toBe(400);
    const page = await foreign.text();
    expect(htmlView(page).text).toContain("non è di questa équipe");
    expect(page).toContain('href="#decisions"');
    const nobody = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), { text_discussion: "Testo", note: "Nota", intent: "circulate" }),
    );
    expect(nobody.status).toBe(400);
    expect(htmlView(await nobody.text()).text).toContain("Segna chi era presente all'incontro.");
    expect(await h.tables()).toEqual(before);
  });

  it("circulates version 1 with who attended and the decision, then lists it", async () => {
    const { html } = await openEditor();
    const decided = (await h.testDb.db.decision.findFirstOrThrow()).id;
    const mother = await h.memberId("mamma@example.org");
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        [`attendee_${coordinator}`]: "yes",
        [`attendee_${mother}`]: "yes",
        [`decision_${decided}`]: "yes",
        text_discussion: PEOPLE_TEXT,
        text_next: "Visita domiciliare giovedì.",
        audience_next_everyone: "",
        audience_next_social_worker: "yes",
        audience_next_psychologist: "yes",
        note: "Verbale <dell'incontro>",
        intent: "circulate",
      }),
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(htmlView(page).text).toContain(
      "Versione 1 del verbale dell'incontro del 7 gennaio 2027 (FAM-2027-021) circolata",
    );
    const version = await h.testDb.db.summaryVersion.findFirstOrThrow();
    expect(version.document).toBe(`minutes:${meetingId}`);
    expect(htmlView(page).text).toContain("Versione 1, circolata il");
    expect(page).toContain("Verbale &lt;dell&#39;incontro&gt;");
    expect(page).toContain(`href="/s/${token}/versione/1"`);
    expect(page).toContain(`href="/s/${token}/versione/1.md"`);
    // The form now shows the version: who attended ticked, the readers as chosen.
    expect(page).toMatch(new RegExp(`id="attendee_${mother}"[^>]*checked`));
    expect(page).toMatch(/id="audience_next_psychologist"[^>]*checked/);
    expect(page).not.toMatch(/id="audience_next_everyone"[^>]*checked/);
  });

  it("refuses to circulate the same again: nothing changed, said at the field", async () => {
    const { html } = await openEditor();
    const values: Record<string, string> = { csrf: csrfOf(html), note: "Ancora", intent: "circulate" };
    // What the page holds, sent back as a browser would.
    for (const match of html.matchAll(
      /<input type="checkbox" id="([^"]+)" name="[^"]+" value="yes" checked>/g,
    ))
      values[match[1] ?? ""] = "yes";
    values.text_discussion = PEOPLE_TEXT;
    values.text_next = "Visita domiciliare giovedì.";
    const response = await postForm(`${h.url}/s/${token}`, values);
    expect(response.status).toBe(400);
    expect(htmlView(await response.text()).text).toContain("Rispetto alla versione 1 non è cambiato niente");
    expect(await versions()).toBe(1);
  });
});

describe("the exports of minutes", () => {
  it("prints a version with the meeting's day, who attended, the decision and its outcome, the sections", async () => {
    const response = await fetch(`${h.url}/s/${token}/versione/1`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const view = htmlView(html);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe("Équipe — versione del verbale");
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(
      "Verbale dell&#39;incontro del 7 gennaio 2027 — FAM-2027-021, versione 1",
    );
    expect(html).toContain("<h2>Chi era presente</h2>");
    expect(view.text).toContain("Anna B. (genitore)");
    expect(view.text).not.toContain("Paolo P.");
    expect(html).toContain("<h2>Decisioni prese in questo incontro</h2>");
    expect(html).toContain("Attivare l&#39;educativa &lt;b&gt;domiciliare&lt;/b&gt;?");
    expect(html).toContain("Sì, due pomeriggi &amp; &lt;i&gt;sabato&lt;/i&gt;.");
    expect(html).toContain("<h2>Che cosa si è detto</h2>");
    expect(html).toContain("<h2>Prossimi passi</h2>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("Bisogni del bambino");
    expect(view.text).toContain("Letta da: assistente sociale, psicologo");
    const audit = await h.audit("summary.exported");
    expect(audit.at(-1)).toEqual({
      actorId: coordinator,
      subjectId: (await h.testDb.db.summaryVersion.findFirstOrThrow()).id,
    });
  });

  it("downloads it as Markdown named by case, day and version, people's text literal", async () => {
    const response = await fetch(`${h.url}/s/${token}/versione/1.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="verbale-FAM-2027-021-2027-01-07-v1.md"',
    );
    const md = await response.text();
    expect(md).toMatch(/^# Verbale dell'incontro del 7 gennaio 2027 — FAM-2027-021, versione 1\n/);
    expect(md).toContain("## Chi era presente");
    expect(md).toMatch(/^- Anna B\. \(genitore\)$/m);
    expect(md).toContain("## Decisioni prese in questo incontro");
    expect(md).toContain(
      "«Attivare l'educativa \\<b>domiciliare\\</b>?»: Sì, due pomeriggi & \\<i>sabato\\</i>.",
    );
    expect(md).toContain("## Che cosa si è detto");
    expect(md).toContain('La madre dice: \\<script>alert("x")\\</script> & "grazie" \'sì\'');
  });

  it("answers a version that does not exist, or garbage, with the 404 page", async () => {
    for (const file of ["2", "2.md", "0", "1.mdx", "..%2F1", "1.md.md", "%3Cscript%3E"]) {
      const response = await fetch(`${h.url}/s/${token}/versione/${file}`);
      expect(response.status, file).toBe(404);
    }
  });
});

describe("garbage and forged forms", () => {
  it("writes nothing for a form without its token or a body that is not a form", async () => {
    const before = await h.tables();
    const forged = await postForm(`${h.url}/s/${token}`, fields("forged", { text_discussion: "x" }));
    expect(forged.status).toBe(403);
    const json = await fetch(`${h.url}/s/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text_discussion: "x" }),
    });
    expect(json.status).toBeLessThan(500);
    expect(json.status).toBeGreaterThanOrEqual(400);
    const twice = await fetch(`${h.url}/s/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "csrf=a&csrf=b",
    });
    expect(twice.status).toBe(403);
    expect(await h.tables()).toEqual(before);
  });

  it("refuses ticked ids that are garbage at their field, escaped, never a 500", async () => {
    const { html } = await openEditor();
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        'attendee_<img src=x onerror="alert(1)">': "yes",
        "decision_,,,": "yes",
        text_discussion: "Testo",
      }),
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).not.toContain("<img src=x");
    expect(htmlView(page).text).toContain("Tra i presenti c'è chi non è nell'équipe");
  });

  it("says the meeting cannot have minutes once it is cancelled, on GET and POST, writing nothing", async () => {
    const { html } = await openEditor();
    await h.testDb.db.meeting.update({ where: { id: meetingId }, data: { status: "cancelled" } });
    try {
      const before = await h.tables();
      const get = await openEditor();
      expect(get.response.status).toBe(409);
      expect(htmlView(get.html).text).toContain("Non c'è un incontro confermato già iniziato");
      const post = await postForm(
        `${h.url}/s/${token}`,
        fields(csrfOf(html), { text_discussion: "Nuovo testo", intent: "save" }),
      );
      expect(post.status).toBe(409);
      expect(htmlView(await post.text()).text).toContain("Non c'è un incontro confermato già iniziato");
      expect(await h.tables()).toEqual(before);
    } finally {
      await h.testDb.db.meeting.update({ where: { id: meetingId }, data: { status: "confirmed" } });
    }
  });

  it("speaks English when asked", async () => {
    const { html } = await openEditor(`/s/${token}?lang=en`);
    expect(/<h1>([^<]*)<\/h1>/.exec(html)?.[1]).toBe("Minutes of the meeting on 7 January 2027");
    expect(html).toContain("<legend>Who attended</legend>");
    expect(htmlView(html).text).toContain("What was discussed");
  });
});
