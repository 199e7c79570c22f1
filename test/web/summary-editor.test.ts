import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberId } from "../../src/domain/ids.ts";
import { SECTION_KEYS } from "../../src/domain/summary.ts";
import { htmlView } from "../support/display.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * The coordinator's summary editor on the web (`/s/<token>`, issue 14): GET shows the draft or
 * the latest version; POST saves the draft or circulates a version through the core's own form;
 * field errors keep everything typed; a link that does not work, or a form without its token,
 * writes nothing. Each version prints and downloads as Markdown, people's text escaped.
 */
const h = new PagesHarness();
let coordinator: MemberId;
let token: string;

const PEOPLE_TEXT = `Il bambino dice: <script>alert("x")</script> & "ciao" 'sì'`;

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  token = await h.editLinkFor(coordinator);
});
afterAll(() => h.stop());

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

async function openEditor(path = `/s/${token}`) {
  const response = await fetch(`${h.url}${path}`);
  return { response, html: await response.text() };
}

/** The editor's fields as a browser sends them, ticking "everyone" for every section unless told. */
function fields(csrf: string, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { csrf, note: "", acknowledgeBy: "", intent: "save" };
  for (const key of SECTION_KEYS) {
    out[`text_${key}`] = "";
    out[`audience_${key}_everyone`] = "yes";
  }
  return { ...out, ...extra };
}

const versions = () => h.testDb.db.summaryVersion.count();

describe("the editor page", () => {
  it("shows every section with its label, hint and readers, the note, the date and two buttons", async () => {
    const { response, html } = await openEditor();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    for (const key of SECTION_KEYS) {
      expect(html).toContain(`<label class="label" for="text_${key}">`);
      expect(html).toContain(`<textarea id="text_${key}" name="text_${key}"`);
      expect(html).toContain(`id="audience_${key}_everyone"`);
    }
    const view = htmlView(html);
    expect(view.text).toContain("Sintesi del caso FAM-2027-021");
    expect(view.text).toContain("Bisogni del bambino");
    expect(view.text).toContain("Il primo lato del Mondo del Bambino");
    // The defaults: the situation is everyone's; the child's needs are the professionals'.
    expect(html).toMatch(
      /id="audience_situation_everyone" name="audience_situation_everyone" value="yes" checked/,
    );
    expect(html).not.toMatch(/id="audience_needs_everyone"[^>]*checked/);
    expect(html).toMatch(/id="audience_needs_teacher"[^>]*checked/);
    expect(html).not.toMatch(/id="audience_responses_teacher"[^>]*checked/);
    expect(html).toContain('<button type="submit" id="intent-save" name="intent" value="save"');
    expect(html).toContain('<button type="submit" id="intent-circulate" name="intent" value="circulate"');
    expect(html).toContain('<input type="date" id="acknowledgeBy" name="acknowledgeBy"');
    expect(view.text).toContain("Nessuna versione è ancora circolata.");
    // The title tells a browser's history nothing about the case.
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).not.toContain("FAM");
  });

  it("speaks English when asked by the link", async () => {
    const { html } = await openEditor(`/s/${token}?lang=en`);
    expect(html).toContain('<html lang="en">');
    expect(htmlView(html).text).toContain("Child's needs");
    expect(html).toContain(`action="/s/${token}?lang=en"`);
  });
});

describe("saving and circulating", () => {
  it("saves a draft, shows the core's answer, and keeps what was written", async () => {
    const { html } = await openEditor();
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), { text_situation: PEOPLE_TEXT, intent: "save" }),
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(htmlView(page).text).toContain("Bozza salvata. La sintesi non è ancora circolata.");
    // People's text is text: escaped in the text area, never markup.
    expect(page).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;ciao&quot; &#39;sì&#39;",
    );
    expect(page).not.toContain("<script>");
    expect(await h.testDb.db.summaryDraft.count()).toBe(1);
    expect(await versions()).toBe(0);
    // Opened again, the draft is there.
    const again = await openEditor();
    expect(again.html).toContain("&lt;script&gt;alert(&quot;x&quot;)");
    expect(htmlView(again.html).text).toContain("Stai modificando una bozza salvata il");
  });

  it("refuses to circulate with field errors, every typed text kept, nothing written", async () => {
    const { html } = await openEditor();
    const before = await h.tables();
    const body = fields(csrfOf(html), {
      text_needs: "Testo dei bisogni, da non perdere.",
      text_goals: "x".repeat(20_001),
      intent: "circulate",
      note: "Prima versione",
    });
    delete body.audience_agreements_everyone;
    const response = await postForm(`${h.url}/s/${token}`, body);
    expect(response.status).toBe(400);
    const page = await response.text();
    const view = htmlView(page);
    expect(view.text).toContain("C'è un problema");
    expect(view.text).toContain("Questa sezione è troppo lunga: al massimo 20000 caratteri.");
    expect(view.text).toContain("Scegli chi legge questa sezione");
    expect(page).toContain("Testo dei bisogni, da non perdere.");
    expect(page).toContain('value="Prima versione"');
    expect(page).toContain('href="#text_goals"');
    expect(page).toContain('href="#audience_agreements_everyone"');
    expect(/<title>([^<]*)<\/title>/.exec(page)?.[1]).toMatch(/^Errore: /);
    expect(await h.tables()).toEqual(before);
  });

  it("circulates version 1 with the reach report, then shows it in the history", async () => {
    const { html } = await openEditor();
    const response = await postForm(
      `${h.url}/s/${token}`,
      fields(csrfOf(html), {
        text_situation: PEOPLE_TEXT,
        text_needs: "Ha bisogno di routine.\n\nE di un posto tranquillo per i compiti.",
        audience_needs_everyone: "",
        audience_needs_teacher: "yes",
        audience_needs_psychologist: "yes",
        note: "Prima stesura <b>condivisa</b>",
        intent: "circulate",
      }),
    );
    expect(response.status).toBe(200);
    const page = htmlView(await response.text());
    expect(page.text).toContain("Versione 1 della sintesi di FAM-2027-021 circolata.");
    expect(page.text).toContain("Versione 1, circolata il");
    expect(page.text).toContain("Prima stesura <b>condivisa</b>");
    expect(await versions()).toBe(1);
    const version = await h.running.deps.store.snapshot(async (repos) =>
      repos.summaries.versionNumbered((await h.testDb.db.equipe.findFirstOrThrow()).id as never, 1),
    );
    expect(version?.sections.needs.audience).toEqual({ kind: "roles", roles: ["teacher", "psychologist"] });
    expect(version?.sections.situation.text).toBe(PEOPLE_TEXT);
    expect(page.links.map((l) => l.url)).toContain(`/s/${token}/versione/1`);
    expect(page.links.map((l) => l.url)).toContain(`/s/${token}/versione/1.md`);
    // The draft went with it.
    expect(await h.testDb.db.summaryDraft.count()).toBe(0);
  });

  it("says nothing changed, keeping the text, when the same version is circulated again", async () => {
    const { html } = await openEditor();
    const before = await versions();
    const body: Record<string, string> = { csrf: csrfOf(html), intent: "circulate", note: "di nuovo" };
    for (const match of html.matchAll(/<textarea id="(text_\w+)"[^>]*>([^<]*)<\/textarea>/g))
      body[match[1] ?? ""] = (match[2] ?? "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
    for (const match of html.matchAll(/name="(audience_\w+)" value="yes" checked/g))
      body[match[1] ?? ""] = "yes";
    const response = await postForm(`${h.url}/s/${token}`, body);
    expect([400, 409]).toContain(response.status);
    expect(htmlView(await response.text()).text).toContain("Rispetto alla versione 1 non è cambiato niente");
    expect(await versions()).toBe(before);
  });
});

describe("the exports of a version", () => {
  it("prints every section with its readers, the note, the date and the case code, escaped", async () => {
    const response = await fetch(`${h.url}/s/${token}/versione/1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    const view = htmlView(html);
    expect(view.text).toContain("Sintesi del caso FAM-2027-021 — versione 1");
    expect(view.text).toContain("Circolata il");
    expect(view.text).toContain("Che cosa è cambiato: Prima stesura <b>condivisa</b>");
    expect(view.text).toContain("Letta da: insegnante, psicologo/a");
    expect(view.text).toContain("Letta da: tutti, famiglia compresa");
    expect(view.text).toContain("(sezione non scritta)");
    expect(view.text).toContain(PEOPLE_TEXT);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("<p>Ha bisogno di routine.</p>\n<p>E di un posto tranquillo per i compiti.</p>");
    expect(html).toMatch(/<link rel="stylesheet" href="\/s\/assets\/[\w-]+\.css">/);
    const css = /href="(\/s\/assets\/[\w-]+\.css)"/.exec(html)?.[1] ?? "";
    const sheet = await fetch(`${h.url}${css}`);
    expect(sheet.status).toBe(200);
    expect(await sheet.text()).toContain("@media print");
  });

  it("downloads as Markdown, with people's markup escaped", async () => {
    const response = await fetch(`${h.url}/s/${token}/versione/1.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="sintesi-FAM-2027-021-v1.md"',
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const md = await response.text();
    expect(md.startsWith("# Sintesi del caso FAM-2027-021 — versione 1\n")).toBe(true);
    expect(md).toContain("## Situazione attuale");
    expect(md).toContain(`Il bambino dice: \\<script>alert("x")\\</script> & "ciao" 'sì'`);
    expect(md).toContain("Prima stesura \\<b>condivisa\\</b>");
    expect(md).toContain("Ha bisogno di routine.\n\nE di un posto tranquillo per i compiti.");
  });

  it("records the export in the audit trail", async () => {
    const entries = await h.audit("summary.exported");
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]?.actorId).toBe(coordinator);
  });

  it.each([
    "/versione/2",
    "/versione/0",
    "/versione/abc",
    "/versione/1.txt",
    "/versione/99999999999",
    "/versione/1.md.md",
  ])("answers 404 for %s", async (path) => {
    const response = await fetch(`${h.url}/s/${token}${path}`);
    expect(response.status).toBe(404);
  });
});

describe("links and forms that do not work", () => {
  it("refuses a POST without this form's token, writing nothing", async () => {
    const before = await h.tables();
    for (const csrf of ["", "forged", csrfOf((await openEditor()).html).slice(1)]) {
      const response = await postForm(
        `${h.url}/s/${token}`,
        fields(csrf, { text_goals: "nuovo", intent: "save" }),
      );
      expect(response.status).toBe(403);
      expect(htmlView(await response.text()).text).toContain("Niente è stato salvato");
    }
    expect(await h.tables()).toEqual(before);
  });

  it("never takes a form signed for another link", async () => {
    const other = await h.editLinkFor(coordinator);
    const { html } = await openEditor(`/s/${other}`);
    // The first link was revoked by the second: its page reads as not found.
    expect((await fetch(`${h.url}/s/${token}`)).status).toBe(404);
    token = other;
    const stale = await h.editLinkFor(coordinator);
    const before = await h.tables();
    const response = await postForm(`${h.url}/s/${stale}`, fields(csrfOf(html), { intent: "save" }));
    expect(response.status).toBe(403);
    expect(await h.tables()).toEqual(before);
    token = stale;
  });

  it("reads an unknown, malformed, expired or revoked link as the pages' 404, writing nothing", async () => {
    const short = await h.editLinkFor(coordinator, 1);
    expect((await fetch(`${h.url}/s/${short}`)).status).toBe(200);
    const revokedByShort = token;
    h.clock.advance(2 * 60_000);
    const before = await h.tables();
    for (const path of [
      `/s/${short}`,
      `/s/${revokedByShort}`,
      `/s/${"A".repeat(43)}`,
      "/s/garbage",
      "/s/%zz",
    ]) {
      const get = await fetch(`${h.url}${path}`);
      expect(get.status, path).toBe(404);
      expect(htmlView(await get.text()).text).toContain("Pagina non trovata");
      const post = await postForm(`${h.url}${path}`, fields("x", { intent: "save" }));
      expect(post.status, path).toBe(404);
    }
    expect(await h.tables()).toEqual(before);
    // Past the window of the bad links counted above.
    h.clock.advance(16 * 60_000);
    token = await h.editLinkFor(coordinator);
  });

  it("opens no editor for a member who does not coordinate", async () => {
    const educator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0EDU" } }))
      .id as MemberId;
    const link = await h.editLinkFor(educator);
    expect((await fetch(`${h.url}/s/${link}`)).status).toBe(404);
  });

  it("never answers bad input with a 500", async () => {
    const csrf = csrfOf((await openEditor()).html);
    // Each is refused (4xx) or, where the core reads it its own way (an unknown intent saves), answered: never a 500.
    const cases: [string, RequestInit][] = [
      [
        "missing fields",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `csrf=${encodeURIComponent(csrf)}`,
        },
      ],
      [
        "a field twice",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `csrf=${encodeURIComponent(csrf)}&note=a&note=b`,
        },
      ],
      ["not a form", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }],
      [
        "too large",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `csrf=${encodeURIComponent(csrf)}&text_needs=${"%E2%80%9C".repeat(150_000)}`,
        },
      ],
      [
        "an unknown intent",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields(csrf, { intent: "delete" })).toString(),
        },
      ],
      [
        "a date that cannot be read",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields(csrf, { acknowledgeBy: "31/02/20x6" })).toString(),
        },
      ],
    ];
    for (const [what, init] of cases) {
      const response = await fetch(`${h.url}/s/${token}`, { ...init, redirect: "manual" });
      expect(response.status, what).toBeLessThan(500);
      expect(response.headers.get("content-type"), what).toContain("text/html");
    }
    expect(await versions()).toBe(1);
  });
});
