import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { hashToken } from "../../src/core/links.ts";
import { MAX_REASON_LENGTH } from "../../src/domain/decision.ts";
import { formKeyFrom, formToken } from "../../src/http/page-forms.ts";
import { htmlView } from "../support/display.ts";
import { CHANNEL, slackCtx } from "../support/fakes.ts";
import { opened, queued } from "../support/sealed.ts";
import { PagesHarness, postForm, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * Giving a viewpoint by link: the question as the coordinator wrote it, the stances, the reason
 * with its rule, the side; through the core's viewpoint form as the member's own (counts, closing
 * and messages as in chat); the others' viewpoints hidden until one's own is given; a decision that
 * does not ask the member reads as one that does not exist; a closed one says so; a POST without
 * this form's token writes nothing.
 */
const h = new PagesHarness();
let mother: string;
let psychologist: string;
let decisionId: string;
let otherDecisionId: string;
let url: string;

const QUESTION = "Proseguiamo con l'educativa <b>domiciliare</b>?";
const CONTEXT = "Dopo il T1 & la verifica <script>alert(1)</script>";

/** A coordinator opens a stance decision asking every member of their équipe. */
async function decide(user: string, channelId: string, caseCode: string, question: string, context = "") {
  const db = h.testDb.db;
  const everyone = (await db.member.findMany({ where: { equipe: { caseCode }, removedAt: null } })).map(
    (m) => m.id,
  );
  await h.running.core.submitForm(
    slackCtx(user, { channelId }),
    "decide",
    {
      question,
      context,
      kind: "stances",
      options: "",
      deadline: "2027-01-30 18:00",
      participants: everyone.join(","),
      familyReason: "",
    },
    channelId,
  );
  const equipe = await db.equipe.findFirstOrThrow({ where: { caseCode }, select: { id: true } });
  return (
    await db.decision.findFirstOrThrow({ where: { equipeId: equipe.id }, orderBy: { createdAt: "desc" } })
  ).id;
}

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  decisionId = await decide("U0COORD", CHANNEL, "FAM-2027-021", QUESTION, CONTEXT);
  await h.running.core.command(
    slackCtx("U0OTHER", { channelId: "C0OTHER" }),
    "setup FAM-2027-099",
    parseSlackUserRef,
  );
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  psychologist = await h.linkFor(await h.memberId("psi@example.org"));
  url = `${h.url}/p/${mother}/decisione/${decisionId}`;
});
afterAll(() => h.stop());

/** The CSRF token the viewpoint page's form carries. */
async function csrfOf(page = url): Promise<string> {
  const html = await (await fetch(page)).text();
  const found = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (found === undefined) throw new Error("no CSRF field");
  return found;
}

/** The équipe's channel count as it was last queued (what the conversation shows). */
async function channelCount(): Promise<string> {
  const [row] = await queued(
    h.testDb.db,
    { kind: "message", messageKey: { startsWith: `decision:${decisionId}:channel:` } },
    { id: "desc" },
  );
  if (row === undefined) throw new Error("no channel count queued");
  return plainMessage((JSON.parse(row.payload) as { message: Message }).message);
}

describe("the viewpoint page", () => {
  it("asks a parent “Sei d'accordo?” with the question and context as written, escaped", async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    const view = htmlView(html);
    expect(view.text).toContain("Sei d'accordo?");
    expect(view.text).toContain(QUESTION);
    expect(view.text).toContain(CONTEXT);
    expect(html).toContain("&lt;b&gt;domiciliare&lt;/b&gt;");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(view.text).toContain("Puoi rispondere fino a sabato 30 gennaio 2027, 18:00.");
  });

  it("offers the stances as large radios, the reason with its rule before the field, the sides, one button", async () => {
    const html = await (await fetch(url)).text();
    for (const stance of ["agree", "doubts", "disagree", "more_info"])
      expect(html).toContain(`name="answer" value="${stance}"`);
    expect(htmlView(html).text).toContain("Sì, sono d'accordo");
    expect(html.match(/class="radio"/g)).toHaveLength(4 + 4);
    const rule = html.indexOf(
      "Se non sei d&#39;accordo, hai dei dubbi o ti servono più informazioni, scrivi perché",
    );
    expect(rule).toBeGreaterThan(0);
    expect(rule).toBeLessThan(html.indexOf("<textarea"));
    expect(html).toContain(`Al massimo ${MAX_REASON_LENGTH} caratteri.`);
    expect(html).toContain('aria-describedby="reason-hint"');
    for (const side of ["none", "child_needs", "parent_responses", "family_environment"])
      expect(html).toContain(`name="side" value="${side}"`);
    expect(html).toContain('name="side" value="none" checked');
    expect(html).not.toMatch(/name="answer" value="[a-z_]+" checked/);
    expect(html.match(/type="submit"/g)).toHaveLength(1);
    expect(html).toContain(`<form method="post" action="/p/${mother}/decisione/${decisionId}"`);
    expect(await csrfOf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("is in English by link", async () => {
    const view = htmlView(await (await fetch(`${url}?lang=en`)).text());
    expect(view.text).toContain("Do you agree?");
    expect(view.text).toContain("Yes, I agree");
    expect(view.text).toContain("If you do not agree, have doubts or need more information, write why");
  });
});

describe("who may see a decision's page", () => {
  it("not a member the decision does not ask (joined after it opened), nor another équipe's: the same 404, nothing written", async () => {
    await h.run("U0COORD", "add-external nonno@example.org parente Carlo D.");
    const grandfather = await h.linkFor(await h.memberId("nonno@example.org"));
    otherDecisionId = await decide("U0OTHER", "C0OTHER", "FAM-2027-099", "Altra équipe?");
    const unknown = await (
      await fetch(`${h.url}/p/${mother}/decisione/00000000-0000-0000-0000-000000000000`)
    ).text();
    const before = await h.tables([]);
    const key = formKeyFrom(WEB_DATA_KEY);
    const tries = [
      { link: grandfather, id: decisionId },
      { link: mother, id: otherDecisionId },
    ];
    for (const { link, id } of tries) {
      const page = `${h.url}/p/${link}/decisione/${id}`;
      const response = await fetch(page);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe(unknown);
      const csrf = formToken(key, hashToken(link), `viewpoint:${id}`);
      const post = await postForm(page, { csrf, answer: "agree", reason: "", side: "none" });
      expect(post.status).toBe(404);
    }
    expect(await h.tables([])).toEqual(before);
    expect(await h.testDb.db.viewpoint.count()).toBe(0);
  });
});

describe("a POST without this form's token", () => {
  it("is refused with 403 and writes nothing: no token, a wrong one, another link's, another decision's", async () => {
    const values = { answer: "agree", reason: "", side: "none" };
    const key = formKeyFrom(WEB_DATA_KEY);
    const others = await csrfOf(`${h.url}/p/${psychologist}/decisione/${decisionId}`);
    const before = await h.tables([]);
    const refused = [
      values,
      { ...values, csrf: randomBytes(32).toString("base64url") },
      { ...values, csrf: others },
      { ...values, csrf: formToken(key, hashToken(mother), `viewpoint:${otherDecisionId}`) },
      { ...values, csrf: formToken(key, hashToken(mother), `poll:${decisionId}`) },
      { ...values, csrf: "" },
    ];
    for (const fields of refused) {
      const response = await postForm(url, fields);
      expect(response.status).toBe(403);
      expect(htmlView(await response.text()).text).toContain("Il tuo punto di vista non è stato salvato");
    }
    expect(await h.tables([])).toEqual(before);
  });
});

describe("a viewpoint the core refuses", () => {
  it("comes back (400) with the error summary, the reason marked, what was chosen kept, nothing written", async () => {
    const csrf = await csrfOf();
    const before = await h.tables([]);
    const response = await postForm(url, { csrf, answer: "doubts", reason: "  ", side: "parent_responses" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<title>Errore: Équipe — /);
    expect(html.indexOf('class="error-summary"')).toBeLessThan(html.indexOf("<h1>"));
    const view = htmlView(html);
    const reasonNeeded = view.links.find((l) => l.url === "#reason");
    expect(reasonNeeded?.label).toMatch(/scrivi/i);
    expect(html).toContain('<div class="field field-error"><label class="label" for="reason">');
    expect(html).toContain('aria-describedby="reason-hint reason-error"');
    expect(html).toContain('name="answer" value="doubts" checked');
    expect(html).toContain('name="side" value="parent_responses" checked');
    expect(await h.tables([])).toEqual(before);
  });

  it("keeps the typed text, escaped, when the reason is too long", async () => {
    const typed = `${"lungo ".repeat(MAX_REASON_LENGTH / 5)}<fine> & "basta"`;
    const csrf = await csrfOf();
    const before = await h.tables([]);
    const response = await postForm(url, {
      csrf,
      answer: "disagree",
      reason: typed,
      side: "none",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(
      `>${typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")}</textarea>`,
    );
    expect(html).toContain('name="answer" value="disagree" checked');
    expect(
      htmlView(html).links.some((l) => l.url === "#reason" && l.label.includes(String(MAX_REASON_LENGTH))),
    ).toBe(true);
    expect(await h.tables([])).toEqual(before);
  });

  it("names a missing answer, linked to the first radio", async () => {
    const response = await postForm(url, { csrf: await csrfOf(), reason: "Non so", side: "none" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(htmlView(html).links).toContainEqual({ label: "Scegli una risposta.", url: "#answer-agree" });
    expect(html).toContain('<fieldset class="field field-error" aria-describedby="answer-error">');
    expect(html).toContain(">Non so</textarea>");
  });
});

describe("a good POST", () => {
  it("hides the others' viewpoints before the member gives theirs", async () => {
    await h.running.core.submitForm(
      slackCtx("U0EDU"),
      "viewpoint",
      { answer: "doubts", reason: "Serve più tempo <i>davvero</i>", side: "child_needs" },
      decisionId,
    );
    expect(await channelCount()).toContain("Punti di vista: 1 su 4");
    const html = await (await fetch(url)).text();
    expect(htmlView(html).text).toContain(
      "Vedrai cosa ne pensano gli altri dopo aver dato il tuo punto di vista.",
    );
    expect(html).not.toContain("Serve più tempo");
    // Nor on the confirmation page, reached before answering: it sends to the question.
    const early = await fetch(`${url}/fatto`, { redirect: "manual" });
    expect(early.status).toBe(303);
    expect(early.headers.get("location")).toBe(`/p/${mother}/decisione/${decisionId}`);
  });

  it("stores the member's own viewpoint through the core; the channel's count moves as for a chat viewpoint", async () => {
    const response = await postForm(url, { csrf: await csrfOf(), answer: "agree", reason: "", side: "none" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/p/${mother}/decisione/${decisionId}/fatto`);
    const memberId = await h.memberId("mamma@example.org");
    const stored = await h.testDb.db.viewpoint.findFirstOrThrow({
      where: { memberId },
      select: { answer: true, reason: true, side: true, recordedByMemberId: true, heardVia: true },
    });
    expect(stored).toEqual({
      answer: "agree",
      reason: null,
      side: null,
      recordedByMemberId: null,
      heardVia: null,
    });
    expect((await h.audit("decision.answered")).at(-1)).toEqual({ actorId: memberId, subjectId: decisionId });
    expect(await h.audit("decision.recordedFor")).toEqual([]);
    expect(await channelCount()).toContain("Punti di vista: 2 su 4");
  });

  it("then shows the others' viewpoints as chat shows them after one's own, escaped", async () => {
    const done = await fetch(`${url}/fatto`);
    expect(done.status).toBe(200);
    const html = await done.text();
    const view = htmlView(html);
    expect(view.text).toContain("Punto di vista salvato");
    expect(view.text).toContain("Risposta: Sì, sono d'accordo");
    expect(view.text).toContain("Puoi cambiarlo fino a sabato 30 gennaio 2027, 18:00.");
    expect(view.text).toContain("ho dubbi [i bisogni del bambino] — Serve più tempo <i>davvero</i>");
    expect(html).toContain("&lt;i&gt;davvero&lt;/i&gt;");
    expect(view.mentions.length).toBeGreaterThan(0);
    // And on the question itself, now that the member has given theirs.
    expect(await (await fetch(url)).text()).toContain("Serve più tempo");
  });

  it("lets the member change their mind: the form pre-filled, the change stored as theirs", async () => {
    const html = await (await fetch(url)).text();
    expect(html).toContain('name="answer" value="agree" checked');
    const response = await postForm(url, {
      csrf: await csrfOf(),
      answer: "more_info",
      reason: "Vorrei sapere gli orari",
      side: "family_environment",
    });
    expect(response.status).toBe(303);
    const memberId = await h.memberId("mamma@example.org");
    const { answer, reason, side } = opened(
      h.testDb.db,
      "Viewpoint",
      await h.testDb.db.viewpoint.findFirstOrThrow({ where: { memberId } }),
    );
    expect({ answer, reason, side }).toEqual({
      answer: "more_info",
      reason: "Vorrei sapere gli orari",
      side: "family_environment",
    });
    expect(await h.testDb.db.viewpointRevision.count({ where: { memberId } })).toBe(2);
    expect((await h.audit("decision.changed")).at(-1)).toEqual({ actorId: memberId, subjectId: decisionId });
    expect(await channelCount()).toContain("Punti di vista: 2 su 4");
    const again = await (await fetch(url)).text();
    expect(again).toContain('name="answer" value="more_info" checked');
    expect(again).toContain('name="side" value="family_environment" checked');
    expect(again).toContain(">Vorrei sapere gli orari</textarea>");
  });

  it("keeps English through the form when it was chosen by link", async () => {
    const english = `${url}?lang=en`;
    const response = await postForm(english, {
      csrf: await csrfOf(english),
      answer: "more_info",
      reason: "Vorrei sapere gli orari",
      side: "family_environment",
    });
    expect(response.headers.get("location")).toBe(`/p/${mother}/decisione/${decisionId}/fatto?lang=en`);
    const view = htmlView(await (await fetch(`${h.url}${response.headers.get("location")}`)).text());
    expect(view.text).toContain("Viewpoint saved");
    expect(view.text).toContain("What the others think so far");
  });
});

describe("the personal page", () => {
  it("lists the pending decision with its deadline, linking to its page, and says it was answered", async () => {
    const view = htmlView(await (await fetch(`${h.url}/p/${psychologist}`)).text());
    expect(view.text).toContain("entro sabato 30 gennaio 2027, 18:00");
    expect(view.links).toContainEqual({
      label: "Dai il tuo punto di vista",
      url: `/p/${psychologist}/decisione/${decisionId}`,
    });
    const answered = htmlView(await (await fetch(`${h.url}/p/${mother}`)).text());
    expect(answered.text).toContain(
      "Hai già dato il tuo punto di vista su questa domanda. Puoi cambiarlo fino a sabato 30 gennaio 2027, 18:00.",
    );
    expect(answered.links).toContainEqual({
      label: "Cambia il tuo punto di vista",
      url: `/p/${mother}/decisione/${decisionId}`,
    });
  });
});

describe("reading the decision pages", () => {
  it("changes no table but the audit trail, where each opening is the member's", async () => {
    const before = await h.tables();
    const trail = (await h.audit("page.opened")).length;
    const paths = [
      `/p/${mother}/decisione/${decisionId}`,
      `/p/${mother}/decisione/${decisionId}?lang=en`,
      `/p/${mother}/decisione/${decisionId}/fatto`,
      `/p/${mother}/decisioni`,
      `/p/${psychologist}/decisione/${decisionId}`,
    ];
    for (const path of paths) expect((await fetch(`${h.url}${path}`)).status).toBe(200);
    expect((await fetch(`${h.url}/p/${mother}/decisione/${otherDecisionId}`)).status).toBe(404);
    expect(await h.tables()).toEqual(before);
    const opened = (await h.audit("page.opened")).slice(trail);
    const [mine, psi] = [await h.memberId("mamma@example.org"), await h.memberId("psi@example.org")];
    expect(opened).toEqual([
      { actorId: mine, subjectId: decisionId },
      { actorId: mine, subjectId: decisionId },
      { actorId: mine, subjectId: decisionId },
      { actorId: mine, subjectId: null },
      { actorId: psi, subjectId: decisionId },
    ]);
  });
});

describe("a decision that closed", () => {
  it("says so after the deadline; a viewpoint then is refused with 409 and writes nothing", async () => {
    const csrf = await csrfOf(`${h.url}/p/${psychologist}/decisione/${decisionId}`);
    h.clock.set(new Date("2027-01-30T17:30:00Z"));
    const page = `${h.url}/p/${psychologist}/decisione/${decisionId}`;
    const view = htmlView(await (await fetch(page)).text());
    expect(view.text).toContain("Non si raccolgono più punti di vista");
    expect(view.text).toContain(QUESTION);
    const before = await h.tables([]);
    const late = await postForm(page, { csrf, answer: "agree", reason: "", side: "none" });
    expect(late.status).toBe(409);
    expect(htmlView(await late.text()).text).toContain("Non si raccolgono più punti di vista");
    expect(await h.tables([])).toEqual(before);
  });

  it("says what was decided once the outcome is recorded", async () => {
    await h.running.core.submitForm(
      slackCtx("U0COORD"),
      "outcome",
      {
        outcome: "Si prosegue per sei mesi <u>con verifica</u>.",
        actions: "",
        review: "",
        override: "Manca lo psicologo, andiamo avanti.",
      },
      decisionId,
    );
    expect((await h.testDb.db.decision.findUniqueOrThrow({ where: { id: decisionId } })).status).toBe(
      "recorded",
    );
    const html = await (await fetch(url)).text();
    const view = htmlView(html);
    expect(view.text).toContain("La decisione è stata presa");
    expect(view.text).toContain("Si prosegue per sei mesi <u>con verifica</u>.");
    expect(html).toContain("&lt;u&gt;con verifica&lt;/u&gt;");
    const csrf = formToken(formKeyFrom(WEB_DATA_KEY), hashToken(mother), `viewpoint:${decisionId}`);
    const before = await h.tables([]);
    const late = await postForm(url, { csrf, answer: "agree", reason: "", side: "none" });
    expect(late.status).toBe(409);
    expect(htmlView(await late.text()).text).toContain("La decisione è stata presa");
    expect(await h.tables([])).toEqual(before);
  });
});

describe("a choice among options", () => {
  it("offers the options as written, escaped, with the reason free; the choice is stored as the member's", async () => {
    const everyone = (
      await h.testDb.db.member.findMany({ where: { equipe: { caseCode: "FAM-2027-021" }, removedAt: null } })
    ).map((m) => m.id);
    await h.running.core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question: "Dove passa l'estate?",
        context: "",
        kind: "options",
        options: "Centro <estivo>\nCasa dei nonni",
        deadline: "2027-02-10 18:00",
        participants: everyone.join(","),
        familyReason: "",
      },
      CHANNEL,
    );
    const choice = (await h.testDb.db.decision.findFirstOrThrow({ where: { kind: "options" } })).id;
    const page = `${h.url}/p/${mother}/decisione/${choice}`;
    const html = await (await fetch(page)).text();
    const view = htmlView(html);
    expect(view.text).toContain("Cosa scegli?");
    expect(view.text).toContain("Centro <estivo>");
    expect(html).toContain("Centro &lt;estivo&gt;");
    expect(html).toContain('id="answer-option-1" name="answer" value="option:1"');
    expect(html).toContain('id="answer-option-2" name="answer" value="option:2"');
    expect(view.text).toContain("Se vuoi, scrivi perché.");
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const missing = await postForm(page, { csrf, reason: "", side: "none" });
    expect(missing.status).toBe(400);
    expect(htmlView(await missing.text()).links).toContainEqual({
      label: "Scegli una risposta.",
      url: "#answer-option-1",
    });
    const response = await postForm(page, { csrf, answer: "option:2", reason: "", side: "none" });
    expect(response.status).toBe(303);
    const memberId = await h.memberId("mamma@example.org");
    expect(
      await h.testDb.db.viewpoint.findFirstOrThrow({
        where: { memberId, decisionId: choice },
        select: { answer: true, recordedByMemberId: true },
      }),
    ).toEqual({ answer: "option:2", recordedByMemberId: null });
    const done = htmlView(await (await fetch(`${page}/fatto`)).text());
    expect(done.text).toContain("Risposta: Casa dei nonni");
  });
});
