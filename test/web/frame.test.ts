import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STYLESHEET } from "../../adapters/web/layout.ts";
import { BAD_TOKEN_WINDOW_MS, BAD_TOKENS_PER_WINDOW } from "../../src/http/bad-tokens.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * The frame every page answers in: security headers, no caching, a language, a title that says
 * nothing of the case; one 404 for every link that does not work; 429 for an address that keeps
 * trying; a polite 500 without a trace.
 */
const h = new PagesHarness();
let token: string;
let revoked: string;
let meetingId: string;
/** Each test's requests come from an address of their own (X-Forwarded-For is not trusted: the socket's is used). */

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  await h.convene(["2027-02-03 15:00", "2027-02-04 15:00"], "2027-01-20 12:00", "Sala verde");
  meetingId = (await h.testDb.db.meeting.findFirstOrThrow()).id;
  const mother = await h.memberId("mamma@example.org");
  token = await h.linkFor(mother);
  const psychologist = await h.memberId("psi@example.org");
  revoked = await h.linkFor(psychologist);
  await h.revoke(psychologist);
});
afterAll(() => h.stop());

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function expectFrame(response: Response): void {
  expect(response.headers.get("content-security-policy")).toBe(CSP);
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
}

async function expectPage(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expectFrame(response);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const html = await response.text();
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="(it|en)">/);
  // No script and no inline style anywhere: the CSP would refuse them anyway.
  expect(html).not.toMatch(/<script|style=|<style|\son[a-z]+=/i);
  // The title says nothing of the case or the person.
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
  expect(title).toMatch(/^(Errore: |Error: )?Équipe — /);
  expect(title).not.toMatch(/FAM|Anna|Paolo|T1/);
  return html;
}

describe("every page", () => {
  it("answers in the security frame: the personal page, the poll, its confirmation, the stylesheet", async () => {
    const html = await expectPage(await fetch(`${h.url}/p/${token}`), 200);
    expect(html).toContain("<title>Équipe — la tua pagina</title>");
    await expectPage(await fetch(`${h.url}/p/${token}/incontro/${meetingId}`), 200);
    await expectPage(await fetch(`${h.url}/p/${token}/incontro/${meetingId}/fatto`), 200);
    await expectPage(await fetch(`${h.url}/p/${token}?lang=en`), 200);
    const css = await fetch(`${h.url}/p/assets/${STYLESHEET.name}`);
    expect(css.status).toBe(200);
    expectFrame(css);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(html).toContain(`<link rel="stylesheet" href="/p/assets/${STYLESHEET.name}">`);
  });

  it("answers the decision pages in it: the question, its error, its refusal, what was decided", async () => {
    const decisionId = await h.askEveryone("Proseguiamo con Anna?");
    const page = `${h.url}/p/${token}/decisione/${decisionId}`;
    const html = await expectPage(await fetch(page), 200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    await expectPage(await postForm(page, { csrf, answer: "doubts", reason: "", side: "none" }), 400);
    await expectPage(await postForm(page, { answer: "agree", reason: "", side: "none" }), 403);
    await expectPage(await postForm(page, { csrf, x: "a".repeat(20_000) }), 413);
    await expectPage(await fetch(`${h.url}/p/${token}/decisioni?lang=en`), 200);
    await expectPage(await fetch(`${h.url}/p/${token}/decisione/00000000-0000-0000-0000-000000000000`), 404);
  });

  it("answers refusals in it too: a POST without its token, a form too large, a body that is not a form", async () => {
    await expectPage(await postForm(`${h.url}/p/${token}/incontro/${meetingId}`, {}), 403);
    const large = await postForm(`${h.url}/p/${token}/incontro/${meetingId}`, { x: "a".repeat(20_000) });
    await expectPage(large, 413);
    const json = await fetch(`${h.url}/p/${token}/incontro/${meetingId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectPage(json, 415);
  });
});

describe("links that do not work", () => {
  it("read one and the same 404 page: unknown, revoked, malformed, or naming another équipe's meeting", async () => {
    const unknown = randomBytes(32).toString("base64url");
    const pages = [
      `/p/${unknown}`,
      `/p/${revoked}`,
      `/p/${token.slice(1)}`,
      `/p/${token}x`,
      `/p/${token.slice(0, -1)}%41`,
      `/p/`,
      `/p/${unknown}/incontro/${meetingId}`,
      `/p/${token}/incontro/00000000-0000-0000-0000-000000000000`,
      `/p/${token}/incontro/nope`,
      `/p/assets/nothing.css`,
    ];
    const bodies = new Set<string>();
    for (const path of pages) {
      // Each from an address of its own would need several sockets; the count is reset below.
      bodies.add(await expectPage(await fetch(`${h.url}${path}`), 404));
    }
    expect(bodies.size).toBe(1);
    const [body = ""] = bodies;
    expect(body).toContain("Pagina non trovata");
    expect(body).toContain('lang="en"');
  });
});

describe("an address that keeps trying bad links", () => {
  it("is refused with 429 for a while, good links included, then let in again", async () => {
    // The window of the test above may still hold this address's count: start a new one.
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
    for (let i = 0; i < BAD_TOKENS_PER_WINDOW; i += 1)
      expect((await fetch(`${h.url}/p/${randomBytes(32).toString("base64url")}`)).status).toBe(404);
    const refused = await fetch(`${h.url}/p/${token}`);
    const html = await expectPage(refused, 429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(html).toContain("Troppi tentativi");
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
    expect((await fetch(`${h.url}/p/${token}`)).status).toBe(200);
  });
});

describe("a failure", () => {
  it("is a polite page in Italian and English, with no trace of what failed", async () => {
    h.clock.broken = true;
    try {
      const html = await expectPage(await fetch(`${h.url}/p/${token}`), 500);
      expect(html).toContain("Qualcosa non ha funzionato");
      expect(html).toContain("Something went wrong");
      expect(html).not.toMatch(/the clock broke|Error\b|at .*\.ts/);
    } finally {
      h.clock.broken = false;
    }
  });
});

describe("a path under /p/ that no page answers", () => {
  it("is the 404 page to a browser's GET, and the server's JSON 404 to any other method, its body unread", async () => {
    const page = await fetch(`${h.url}/p/${token}/nothing/here`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Pagina non trovata");
    const other = await fetch(`${h.url}/p/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "not_found" });
  });
});
