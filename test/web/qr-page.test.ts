import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STYLESHEET } from "../../adapters/web/layout.ts";
import { QR_STYLESHEET, QR_WORDS } from "../../adapters/web/qr.ts";
import { linkKeyFrom } from "../../src/core/links.ts";
import type { MemberId } from "../../src/domain/ids.ts";
import { BAD_TOKEN_WINDOW_MS, BAD_TOKENS_PER_WINDOW } from "../../src/http/bad-tokens.ts";
import { PAGE_SECURITY_HEADERS } from "../../src/http/pages.ts";
import { htmlView } from "../support/display.ts";
import { readQrSvg } from "../support/qr-decode.ts";
import { PagesHarness, pageToken, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * The QR code's page (`/q/<token>`, from `/equipe link … qr`): the member's name, how to scan, the
 * code — read back by the tests' own QR reader, it is the member's live page link — the link as
 * text, that it is personal and how it is revoked, how to print; in the pages' frame, never
 * stored, no script, no inline style. Opening it changes nothing but the trail's access record;
 * links that do not work read the pages' one 404, counted as the personal pages count theirs.
 */
const h = new PagesHarness();
let motherId: MemberId;
/** Anna's live page link, as its URL. */
let annaPage: string;

/** A QR link's token, derived from its row as the server derives it. */
const qrToken = (rowId: string): string =>
  createHmac("sha256", linkKeyFrom(WEB_DATA_KEY)).update(`qr:${rowId}`).digest("base64url");

/** `/equipe link <contact> qr` as a coordinator types it: the token of the one QR link it made. */
async function askQr(contact = "mamma@example.org", coordinator = "U0COORD"): Promise<string> {
  const ids = async () => (await h.testDb.db.pageQrLink.findMany({ select: { id: true } })).map((r) => r.id);
  const before = new Set(await ids());
  await h.run(coordinator, `link ${contact} qr`);
  const made = (await ids()).filter((id) => !before.has(id));
  expect(made).toHaveLength(1);
  return qrToken(made[0] ?? "");
}

function expectFrame(response: Response): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS))
    expect(response.headers.get(name), name).toBe(value);
}

async function expectPage(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expectFrame(response);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const html = await response.text();
  expect(html).not.toMatch(/<script|\sstyle=|<style/i);
  return html;
}

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  motherId = await h.memberId("mamma@example.org");
  const live = await h.testDb.db.pageLink.findFirstOrThrow({
    where: { memberId: motherId, revokedAt: null },
  });
  annaPage = `${h.running.deps.publicBaseUrl}/p/${pageToken(live.id)}`;
});
afterAll(() => h.stop());

describe("the QR code's page", () => {
  it("shows whose link, how to scan it, a code that reads as her live page link, the link as text, and how to print", async () => {
    const token = await askQr();
    const html = await expectPage(await fetch(`${h.url}/q/${token}`), 200);
    const view = htmlView(html);
    expect(html).toContain('<html lang="it">');
    expect(view.text).toContain("La pagina personale di Anna B.");
    expect(view.text).toContain("Inquadra il codice con la fotocamera del telefono");
    expect(view.text).toContain("Per stamparlo, usa «Stampa» nel menu del browser");
    expect(view.text).toContain("Il link è personale");
    // Whom to ask, in plain words: the sheet is the member's, and a parent types no commands.
    expect(view.text).toContain("chiedi a chi coordina l'équipe di revocarlo o di fartene uno nuovo");
    expect(view.text).not.toContain("/equipe");
    // The code, read as a phone reads it, is her page link; the same link is written underneath.
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
    expect(readQrSvg(svg)).toBe(annaPage);
    expect(html).toContain(`<p class="qr-link">${annaPage}</p>`);
    // Named for screen readers; text, not a link the coordinator could open as Anna.
    expect(svg).toContain('role="img" aria-label="Codice QR del link alla pagina personale"');
    expect(html).not.toContain(`href="${annaPage}"`);
    // Nothing of the case in the title or anywhere on the sheet.
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe("Équipe — codice QR");
    expect(html).not.toContain("FAM-");
    // Its stylesheets are ours, served in the frame and named by their content.
    for (const href of [`/p/assets/${STYLESHEET.name}`, `/q/assets/${QR_STYLESHEET.name}`]) {
      expect(html).toContain(`<link rel="stylesheet" href="${href}">`);
      const css = await fetch(`${h.url}${href}`);
      expect(css.status).toBe(200);
      expectFrame(css);
      expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    }
    expect(QR_STYLESHEET.body.toString()).toContain("@media print");
  });

  it("speaks English by the member's choice of link, and the language switch keeps the page", async () => {
    const token = await askQr();
    const html = await expectPage(await fetch(`${h.url}/q/${token}?lang=en`), 200);
    const view = htmlView(html);
    expect(html).toContain('<html lang="en">');
    expect(view.text).toContain("The personal page of Anna B.");
    expect(view.text).toContain("Scan the code with your phone's camera");
    expect(html).toContain(`href="/q/${token}?lang=it"`);
    expect(readQrSvg(/<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "")).toBe(annaPage);
  });

  it("escapes the member's name as text", async () => {
    await h.run("U0COORD", "add-external nonna@example.org parente <b>Rosa</b> & co");
    const html = await expectPage(await fetch(`${h.url}/q/${await askQr("nonna@example.org")}`), 200);
    expect(html).not.toContain("<b>Rosa</b>");
    expect(html).toContain("&lt;b&gt;Rosa&lt;/b&gt; &amp; co");
  });

  it("changes nothing when opened, but the trail's access record, in the coordinator's name", async () => {
    const token = await askQr();
    const tables = await h.tables();
    const opened = (await h.audit("pageLink.qrOpened")).length;
    for (let i = 0; i < 3; i += 1) await expectPage(await fetch(`${h.url}/q/${token}`), 200);
    expect(await h.tables()).toEqual(tables);
    const entries = await h.audit("pageLink.qrOpened");
    expect(entries).toHaveLength(opened + 3);
    const coordinator = await h.testDb.db.member.findFirstOrThrow({ where: { isCoordinator: true } });
    expect(entries.at(-1)).toEqual({ actorId: coordinator.id, subjectId: motherId });
  });

  it("opens for 30 minutes and not a second more", async () => {
    const token = await askQr();
    h.clock.advance(30 * 60_000 - 1000);
    await expectPage(await fetch(`${h.url}/q/${token}`), 200);
    h.clock.advance(1000);
    const html = await expectPage(await fetch(`${h.url}/q/${token}`), 404);
    expect(html).toContain("Pagina non trovata");
    // Asked again, a new one opens, and the expired rows of hers are gone.
    await expectPage(await fetch(`${h.url}/q/${await askQr()}`), 200);
    const now = h.clock.now();
    expect(
      await h.testDb.db.pageQrLink.count({ where: { memberId: motherId, expiresAt: { lte: now } } }),
    ).toBe(0);
    expect(await h.testDb.db.pageQrLink.count({ where: { memberId: motherId } })).toBe(1);
  });
});

describe("the coordinator who asked for it", () => {
  it("holds it only while they coordinate the équipe", async () => {
    await h.run("U0COORD", "add <@U0EDU> educatore coordinatore");
    const token = await askQr("mamma@example.org", "U0EDU");
    await expectPage(await fetch(`${h.url}/q/${token}`), 200);
    await h.run("U0COORD", "add <@U0EDU> educatore non-coordinatore");
    expect(await h.testDb.db.member.count({ where: { isCoordinator: true, removedAt: null } })).toBe(1);
    await expectPage(await fetch(`${h.url}/q/${token}`), 404);
  });
});

describe("QR links that do not work", () => {
  it("read the pages' one 404: unknown, malformed, undecodable, a page token used as a QR token", async () => {
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
    const live = await h.testDb.db.pageLink.findFirstOrThrow({
      where: { memberId: motherId, revokedAt: null },
    });
    const notFound = await expectPage(
      await fetch(`${h.url}/p/${randomBytes(32).toString("base64url")}`),
      404,
    );
    for (const path of [
      `/q/${randomBytes(32).toString("base64url")}`,
      `/q/${pageToken(live.id)}`,
      `/q/abc`,
      `/q/`,
      `/q/assets/nothing.css`,
      `/q/abc%zz`,
    ])
      expect(await expectPage(await fetch(`${h.url}${path}`), 404), path).toBe(notFound);
  });
});

describe("a path under /p/ that cannot be decoded", () => {
  it("is the pages' 404 page in their frame, never stored, and counts as a bad link", async () => {
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
    const notFound = await expectPage(
      await fetch(`${h.url}/p/${randomBytes(32).toString("base64url")}`),
      404,
    );
    for (const path of ["/p/abc%zz", "/p/%zz/incontro/x", "/p/%"])
      expect(await expectPage(await fetch(`${h.url}${path}`), 404), path).toBe(notFound);
    // Four bad links so far in this window: six more, and even a good link is refused.
    for (let i = 4; i < BAD_TOKENS_PER_WINDOW; i += 1)
      await expectPage(await fetch(`${h.url}/p/abc%zz`), 404);
    const refused = await fetch(`${h.url}/p/abc%zz`);
    expect(await expectPage(refused, 429)).toContain("Troppi tentativi");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const live = await h.testDb.db.pageLink.findFirstOrThrow({
      where: { memberId: motherId, revokedAt: null },
    });
    await expectPage(await fetch(`${h.url}/p/${pageToken(live.id)}`), 429);
    await expectPage(await fetch(`${h.url}/q/${await askQr()}`), 429);
    h.clock.advance(BAD_TOKEN_WINDOW_MS);
  });

  it("elsewhere stays the server's JSON 404", async () => {
    const other = await fetch(`${h.url}/nothing%zz`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "not_found" });
  });
});

describe("the QR page's own words", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const commands = (text: string) => [...text.matchAll(/`([^`]*)`/g)].length;
  it("exist in Italian and English alike, with the same placeholders and as many command examples", () => {
    const keys = Object.keys(QR_WORDS.it).sort();
    expect(Object.keys(QR_WORDS.en).sort()).toEqual(keys);
    for (const key of keys) {
      const k = key as keyof typeof QR_WORDS.it;
      expect(QR_WORDS.en[k].trim(), key).not.toBe("");
      expect(placeholders(QR_WORDS.en[k]), key).toEqual(placeholders(QR_WORDS.it[k]));
      expect(commands(QR_WORDS.en[k]), key).toBe(commands(QR_WORDS.it[k]));
    }
  });
});
