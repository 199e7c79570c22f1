import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeetingId, MemberId } from "../../src/domain/ids.ts";
import { PagesHarness, webEquipe } from "../support/web-pages.ts";

/**
 * The case summary's pages in a real browser (Debian's chromium through playwright-core), at a
 * phone's width and without any script of ours: the coordinator's editor (an error, then a
 * version circulated), the printable version, and the mother's reading page with her
 * acknowledgement; then a meeting's minutes (an error, circulated, printed, read by the mother).
 * axe-core finds no WCAG 2.1 AA violation on any of them; screenshots are kept
 * under test-artifacts/web/.
 */
const CHROMIUM = "/usr/bin/chromium";
const PHONE = { width: 360, height: 740 };
const ARTIFACTS = join("test-artifacts", "web");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BROWSER_TEST_MS = 120_000;

const h = new PagesHarness();
let browser: Browser;
let context: BrowserContext;
let editor: string;
let mother: string;
let coordinator: MemberId;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser test`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  await h.start();
  await webEquipe(h);
  coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  editor = await h.editLinkFor(coordinator);
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  context = await browser.newContext({ viewport: PHONE, locale: "it-IT" });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await h.stop();
});

async function checked(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
    PHONE.width,
  );
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe("the summary in a browser at 360 × 740", () => {
  it(
    "writes, corrects and circulates a version; prints it; the mother reads and acknowledges it",
    async () => {
      const page = await context.newPage();
      expect((await page.goto(`${h.url}/s/${editor}`))?.status()).toBe(200);
      await expect(page.title()).resolves.toBe("Équipe — editor della sintesi");
      await checked(page, "summary-editor");

      await page
        .getByRole("textbox", { name: "Situazione attuale", exact: true })
        .fill("La frequenza è migliorata.\n\nLa scuola è contenta.");
      await page
        .getByRole("textbox", { name: "Obiettivi", exact: true })
        .fill("Due pomeriggi di educativa a settimana.");
      // Nobody reads the agreements: the page comes back with the error, the text kept.
      await page
        .getByRole("group", { name: "Chi legge «Accordi»" })
        .getByLabel("tutti, famiglia compresa")
        .uncheck();
      await page.getByLabel("Che cosa è cambiato").fill("Prima stesura");
      await page.getByRole("button", { name: "Fai circolare" }).click();
      expect(await page.title()).toBe("Errore: Équipe — editor della sintesi");
      expect(await page.getByRole("alert").textContent()).toContain("Scegli chi legge questa sezione");
      expect(await page.getByRole("textbox", { name: "Obiettivi", exact: true }).inputValue()).toBe(
        "Due pomeriggi di educativa a settimana.",
      );
      await checked(page, "summary-editor-error");

      await page.getByRole("link", { name: /Scegli chi legge questa sezione/ }).click();
      await page
        .getByRole("group", { name: "Chi legge «Accordi»" })
        .getByLabel("tutti, famiglia compresa")
        .check();
      await page.getByRole("button", { name: "Fai circolare" }).click();
      expect(await page.title()).toBe("Équipe — editor della sintesi");
      expect(await page.getByRole("status").textContent()).toContain(
        "Versione 1 della sintesi di FAM-2027-021 circolata.",
      );
      await checked(page, "summary-circulated");

      await page.getByRole("link", { name: "pagina da stampare della versione 1" }).click();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Sintesi del caso FAM-2027-021 — versione 1",
      );
      await checked(page, "summary-print");

      const reader = await context.newPage();
      expect((await reader.goto(`${h.url}/p/${mother}`))?.status()).toBe(200);
      await reader.getByRole("link", { name: "Leggi la sintesi" }).click();
      await expect(reader.title()).resolves.toBe("Équipe — la sintesi da leggere");
      const main = await reader.getByRole("main").textContent();
      expect(main).toContain("La frequenza è migliorata.");
      expect(main).not.toContain("Bisogni del bambino");
      await checked(reader, "summary-read");

      await reader.getByLabel("Ho letto: presa visione").check();
      await reader.getByRole("button", { name: "Conferma" }).click();
      expect(await reader.getByRole("status").textContent()).toContain(
        "Presa visione della versione 1 registrata.",
      );
      await checked(reader, "summary-acknowledged");
    },
    BROWSER_TEST_MS,
  );

  it(
    "writes a meeting's minutes (who attended, the sections) and circulates them; the mother reads them",
    async () => {
      const equipe = await h.testDb.db.equipe.findFirstOrThrow();
      const meetingId = randomUUID() as MeetingId;
      await h.testDb.db.meeting.create({
        data: {
          id: meetingId,
          equipeId: equipe.id,
          icalUid: `uid-${meetingId}`,
          purpose: "t1",
          durationMinutes: 60,
          deadline: new Date("2027-01-05T09:00:00Z"),
          status: "confirmed",
          startsAt: new Date("2027-01-07T14:00:00Z"),
          createdByMemberId: coordinator,
        },
      });
      const minutes = await h.editLinkFor(coordinator, 60, { kind: "minutes", meetingId });
      const page = await context.newPage();
      expect((await page.goto(`${h.url}/s/${minutes}`))?.status()).toBe(200);
      await expect(page.title()).resolves.toBe("Équipe — editor del verbale");
      await checked(page, "minutes-editor");

      // Circulated with nobody marked present: the error at its field, the text kept.
      await page
        .getByRole("textbox", { name: "Che cosa si è detto", exact: true })
        .fill("La madre racconta la settimana.");
      await page.getByLabel("Che cosa è cambiato").fill("Verbale");
      await page.getByRole("button", { name: "Fai circolare" }).click();
      expect(await page.title()).toBe("Errore: Équipe — editor del verbale");
      expect(await page.getByRole("alert").textContent()).toContain("Segna chi era presente all'incontro.");
      await checked(page, "minutes-editor-error");

      await page.getByRole("group", { name: "Chi era presente" }).getByLabel("Anna B. (genitore)").check();
      await page.getByRole("button", { name: "Fai circolare" }).click();
      expect(await page.title()).toBe("Équipe — editor del verbale");
      expect(await page.getByRole("status").textContent()).toContain(
        "Versione 1 del verbale dell'incontro del 7 gennaio 2027 (FAM-2027-021) circolata",
      );
      await checked(page, "minutes-circulated");

      await page.getByRole("link", { name: "pagina da stampare della versione 1" }).click();
      await checked(page, "minutes-print");

      const reader = await context.newPage();
      expect((await reader.goto(`${h.url}/p/${mother}`))?.status()).toBe(200);
      await reader.getByRole("link", { name: "Leggi il verbale dell'incontro del 7 gennaio 2027" }).click();
      await expect(reader.title()).resolves.toBe("Équipe — il verbale da leggere");
      const main = await reader.getByRole("main").textContent();
      expect(main).toContain("La madre racconta la settimana.");
      expect(main).toContain("Presenti");
      await checked(reader, "minutes-read");
    },
    BROWSER_TEST_MS,
  );
});
