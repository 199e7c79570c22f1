import { createHmac } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkKeyFrom } from "../../src/core/links.ts";
import { PagesHarness, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * The QR code's page in a real browser at a phone's width: axe-core finds no WCAG 2.1 AA
 * violation, the code is drawn large enough to scan and fits the screen, the stylesheets load
 * under the Content-Security-Policy, and printed, the sheet loses the header and the screen notes.
 * Screenshots (screen and print) are kept under test-artifacts/web/.
 */
const CHROMIUM = "/usr/bin/chromium";
const PHONE = { width: 360, height: 740 };
const ARTIFACTS = join("test-artifacts", "web");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BROWSER_TEST_MS = 60_000;
/** A phone's camera reads a code of a few centimetres; under 200 CSS pixels it gets hard on paper. */
const MIN_CODE_PX = 200;

const h = new PagesHarness();
let browser: Browser;
let path: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  await h.start();
  await webEquipe(h);
  await h.run("U0COORD", "link mamma@example.org qr");
  const row = await h.testDb.db.pageQrLink.findFirstOrThrow();
  path = `/q/${createHmac("sha256", linkKeyFrom(WEB_DATA_KEY)).update(`qr:${row.id}`).digest("base64url")}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
  await h.stop();
});

describe("the QR page in a browser at 360 × 740", () => {
  it(
    "passes axe-core, shows a large code within the screen, and prints without the screen's notes",
    async () => {
      const context = await browser.newContext({ viewport: PHONE, locale: "it-IT" });
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
      });
      expect((await page.goto(`${h.url}${path}`))?.status()).toBe(200);
      await expect(page.title()).resolves.toBe("Équipe — codice QR");
      const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual(
        [],
      );
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
        PHONE.width,
      );
      const code = await page
        .getByRole("img", { name: "Codice QR del link alla pagina personale" })
        .boundingBox();
      expect(code?.width).toBeGreaterThanOrEqual(MIN_CODE_PX);
      expect(code?.width).toBeLessThanOrEqual(PHONE.width);
      expect(code?.width).toBe(code?.height);
      expect(blocked).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, "qr.png"), fullPage: true });

      await page.emulateMedia({ media: "print" });
      expect(await page.locator("header").isVisible()).toBe(false);
      expect(await page.getByText("Per stamparlo").isVisible()).toBe(false);
      expect(await page.getByText("Inquadra il codice").isVisible()).toBe(true);
      expect(await page.getByText("Il link è personale").isVisible()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, "qr-print.png"), fullPage: true });
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
