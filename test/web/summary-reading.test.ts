import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberId } from "../../src/domain/ids.ts";
import { SECTION_KEYS, type SectionKey } from "../../src/domain/summary.ts";
import { htmlView } from "../support/display.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * A member reads the case summary on their page (`/p/<token>/sintesi/<versionId>`, issue 14):
 * only the sections meant for their role (the family only the "everyone" ones), what changed since
 * what they acknowledged in words ("Tolto", "Aggiunto"), "presa visione" and a request on a
 * section through the core's own form. Opening is recorded in the audit trail with channel web,
 * and changes nothing else. The personal page lists the summary.
 */
const h = new PagesHarness();
let coordinator: MemberId;
let mother: string;
let teacher: string;
let psychologist: string;
let v1: string;
let v2: string;

const TEXTS: Partial<Record<SectionKey, string>> = {
  needs: "NEEDS-TEXT: ha bisogno di routine.",
  responses: "PSI-ONLY: la madre è molto stanca.",
  situation: "La frequenza è migliorata. La scuola è contenta.",
  goals: 'Obiettivo <b>uno</b> & "due".',
};
const AUDIENCE: Record<(typeof SECTION_KEYS)[number], string> = {
  needs: "social_worker,educator,teacher,psychologist",
  responses: "social_worker,psychologist",
  environment: "social_worker,educator,psychologist",
  situation: "everyone",
  goals: "everyone",
  agreements: "everyone",
};

/** The coordinator circulates a version through the core's own editor form, as their link would. */
async function circulate(texts: Partial<Record<SectionKey, string>>, note: string): Promise<string> {
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const values: Record<string, string> = { note, acknowledgeBy: "", intent: "circulate" };
  for (const key of SECTION_KEYS) {
    values[`text_${key}`] = texts[key] ?? "";
    values[`audience_${key}`] = AUDIENCE[key];
  }
  const req = {
    actor: { kind: "link" as const, memberId: coordinator },
    place: { kind: "private" as const },
    deliveryKey: randomUUID(),
    inline: { answer: () => undefined },
  };
  const check = await h.running.core.checkForm(req, "summary-edit", values, equipe.id);
  expect(check.kind).toBe("ok");
  await h.running.core.submitForm(req, "summary-edit", values, equipe.id);
  const latest = await h.testDb.db.summaryVersion.findFirstOrThrow({ orderBy: { number: "desc" } });
  return latest.id;
}

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  await h.run("U0COORD", "add-external ins@example.org insegnante Carla I.");
  coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  teacher = await h.linkFor(await h.memberId("ins@example.org"));
  psychologist = await h.linkFor(await h.memberId("psi@example.org"));
  v1 = await circulate(TEXTS, "Prima stesura");
});
afterAll(() => h.stop());

const read = async (token: string, versionId: string, query = "") => {
  const response = await fetch(`${h.url}/p/${token}/sintesi/${versionId}${query}`);
  return { response, html: await response.text() };
};
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("who reads what", () => {
  it("shows a teacher the child's needs and never the psychologist's section", async () => {
    const { response, html } = await read(teacher, v1);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const view = htmlView(html);
    expect(view.text).toContain("Sintesi, versione 1");
    expect(view.text).toContain("NEEDS-TEXT: ha bisogno di routine.");
    expect(view.text).toContain("La frequenza è migliorata.");
    expect(html).not.toContain("PSI-ONLY");
    expect(view.text).not.toContain("Risposte dei genitori");
    expect(view.text).toContain("Nota della versione 1: «Prima stesura»");
  });

  it("shows the psychologist their section", async () => {
    const { html } = await read(psychologist, v1);
    expect(htmlView(html).text).toContain("PSI-ONLY: la madre è molto stanca.");
  });

  it("shows the family only the sections meant for everyone, people's text escaped", async () => {
    const { html } = await read(mother, v1);
    const view = htmlView(html);
    expect(view.text).toContain("Situazione attuale");
    expect(view.text).toContain('Obiettivo <b>uno</b> & "due".');
    expect(html).toContain("Obiettivo &lt;b&gt;uno&lt;/b&gt; &amp; &quot;due&quot;.");
    expect(html).not.toContain("NEEDS-TEXT");
    expect(html).not.toContain("PSI-ONLY");
    expect(view.text).not.toContain("Bisogni del bambino");
    expect(view.text).toContain(
      "Ti chiediamo di leggere e di confermare la presa visione di: «Situazione attuale», «Obiettivi».",
    );
  });

  it("records each opening in the audit trail with channel web, and changes nothing else", async () => {
    const before = await h.tables();
    const opened = (await h.audit("summary.read.web")).length;
    await read(teacher, v1);
    await read(teacher, v1, "?tutto=1");
    expect(await h.tables()).toEqual(before);
    const entries = await h.audit("summary.read.web");
    expect(entries.length).toBe(opened + 2);
    expect(entries.at(-1)).toEqual({ actorId: await h.memberId("ins@example.org"), subjectId: v1 });
  });

  it("reads an unknown or malformed version as the pages' 404, recording nothing", async () => {
    const opened = (await h.audit("summary.read.web")).length;
    for (const id of [randomUUID(), "garbage", "x".repeat(65), "%00"]) {
      const { response } = await read(mother, id);
      expect(response.status, id).toBe(404);
    }
    // Longer than any path parameter the server reads: refused before any page, never a 500.
    expect((await read(mother, "x".repeat(300))).response.status).toBe(400);
    expect((await h.audit("summary.read.web")).length).toBe(opened);
  });
});

describe("the personal page", () => {
  it("lists the summary to read, linking to the reading page", async () => {
    const response = await fetch(`${h.url}/p/${mother}`);
    const view = htmlView(await response.text());
    expect(view.text).toContain("Sintesi: versione 1 — da leggere.");
    expect(view.links).toContainEqual({ label: "Leggi la sintesi", url: `/p/${mother}/sintesi/${v1}` });
  });
});

describe("acknowledging and asking", () => {
  it("refuses a form without its token, writing nothing", async () => {
    const before = await h.tables();
    const response = await postForm(`${h.url}/p/${mother}/sintesi/${v1}`, {
      csrf: "forged",
      ack: "yes",
      section: "",
      kind: "add",
      comment: "",
    });
    expect(response.status).toBe(403);
    expect(await h.tables()).toEqual(before);
  });

  it("records the acknowledgement and says so", async () => {
    const { html } = await read(mother, v1);
    const response = await postForm(`${h.url}/p/${mother}/sintesi/${v1}`, {
      csrf: csrfOf(html),
      ack: "yes",
      section: "",
      kind: "add",
      comment: "",
    });
    expect(response.status).toBe(200);
    const view = htmlView(await response.text());
    expect(view.text).toContain("Presa visione della versione 1 registrata. Grazie.");
    expect(view.text).toContain("Hai preso visione di questa versione il");
    expect(
      await h.testDb.db.summaryAcknowledgement.count({
        where: { versionId: v1, memberId: await h.memberId("mamma@example.org") },
      }),
    ).toBe(1);
    const front = htmlView(await (await fetch(`${h.url}/p/${mother}`)).text());
    expect(front.text).toContain("Sintesi: versione 1 — presa visione il");
  });

  it("keeps a request without its section, with an error and the text typed", async () => {
    const { html } = await read(mother, v1);
    const before = await h.tables();
    const response = await postForm(`${h.url}/p/${mother}/sintesi/${v1}`, {
      csrf: csrfOf(html),
      ack: "no",
      section: "",
      kind: "add",
      comment: "Vorrei aggiungere <i>una cosa</i>",
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(htmlView(page).text).toContain("Scegli la sezione");
    expect(page).toContain("Vorrei aggiungere &lt;i&gt;una cosa&lt;/i&gt;");
    expect(await h.tables()).toEqual(before);
  });

  it("records a request on one of their sections", async () => {
    const { html } = await read(mother, v1);
    const response = await postForm(`${h.url}/p/${mother}/sintesi/${v1}`, {
      csrf: csrfOf(html),
      ack: "no",
      section: "situation",
      kind: "correct",
      comment: "Non è corretto: la scuola non è contenta.",
    });
    expect(response.status).toBe(200);
    expect(htmlView(await response.text()).text).toContain("La tua richiesta su «Situazione attuale»");
    const comments = await h.running.deps.store.snapshot(async (repos) =>
      repos.summaries.comments((await h.testDb.db.equipe.findFirstOrThrow()).id as never, {
        memberId: await h.memberId("mamma@example.org"),
      }),
    );
    expect(comments.map((c) => [c.section, c.kind, c.text])).toEqual([
      ["situation", "correct", "Non è corretto: la scuola non è contenta."],
    ]);
  });

  it("never answers bad input with a 500", async () => {
    const { html } = await read(mother, v1);
    const csrf = csrfOf(html);
    const url = `${h.url}/p/${mother}/sintesi/${v1}`;
    const bodies = [
      `csrf=${encodeURIComponent(csrf)}`,
      `csrf=${encodeURIComponent(csrf)}&ack=maybe&section=nowhere&kind=shout&comment=x`,
      `csrf=${encodeURIComponent(csrf)}&section=needs&comment=${"a".repeat(3_000)}`,
      `csrf=${encodeURIComponent(csrf)}&comment=${"%E2%80%9C".repeat(10_000)}`,
      `csrf=${encodeURIComponent(csrf)}&ack=yes&ack=no`,
    ];
    for (const body of bodies) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      expect(response.status, body.slice(0, 80)).toBeLessThan(500);
    }
    // A section the family does not read is not theirs to ask about.
    const response = await postForm(url, { csrf, ack: "no", section: "needs", kind: "add", comment: "x" });
    expect(response.status).toBe(400);
  });
});

describe("a second version", () => {
  beforeAll(async () => {
    v2 = await circulate(
      { ...TEXTS, situation: "La frequenza è migliorata. La scuola chiede un incontro." },
      "Aggiornata la situazione",
    );
  });

  it("shows the family what changed in the sections they acknowledged, in words", async () => {
    const { response, html } = await read(mother, v2);
    expect(response.status).toBe(200);
    const view = htmlView(html);
    expect(view.text).toContain("Che cosa è cambiato dalla versione 1, di cui avevi preso visione:");
    expect(view.text).toContain("Tolto: La scuola è contenta.");
    expect(view.text).toContain("Aggiunto: La scuola chiede un incontro.");
    expect(view.text).toContain("1 frase invariata");
    // The goals did not change: one line, not the text again.
    expect(view.text).toContain("Invariata dalla versione 1, di cui hai già preso visione.");
    expect(view.text).not.toContain("Obiettivo <b>uno</b>");
    expect(view.text).toContain(
      "Ti chiediamo di leggere e di confermare la presa visione di: «Situazione attuale».",
    );
    expect(view.links).toContainEqual({
      label: "Leggi il testo completo",
      url: `/p/${mother}/sintesi/${v2}?tutto=1`,
    });
  });

  it("shows every section whole with ?tutto=1", async () => {
    const view = htmlView((await read(mother, v2, "?tutto=1")).html);
    expect(view.text).toContain('Obiettivo <b>uno</b> & "due".');
    expect(view.text).toContain("La frequenza è migliorata. La scuola chiede un incontro.");
    expect(view.text).not.toContain("Tolto:");
  });

  it("shows the whole text to a reader who acknowledged nothing before", async () => {
    const view = htmlView((await read(teacher, v2)).html);
    expect(view.text).not.toContain("Tolto:");
    expect(view.text).toContain("NEEDS-TEXT: ha bisogno di routine.");
  });

  it("lists the new version as to read on the personal page", async () => {
    const view = htmlView(await (await fetch(`${h.url}/p/${mother}`)).text());
    expect(view.text).toContain("Sintesi: versione 2 — da leggere.");
    expect(view.links).toContainEqual({ label: "Leggi la sintesi", url: `/p/${mother}/sintesi/${v2}` });
  });

  it("says an older version is older", async () => {
    const view = htmlView((await read(mother, v1)).html);
    expect(view.text).toContain("Questa è la versione 1; la più recente è la 2.");
  });
});
