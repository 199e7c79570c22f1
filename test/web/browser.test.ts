import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, slackCtx } from "../support/fakes.ts";
import { PagesHarness, webEquipe } from "../support/web-pages.ts";

/**
 * The pages in a real browser (Debian's chromium through playwright-core), at a phone's width
 * (the pages have no JavaScript): the personal page, the poll answered and changed,
 * the confirmation, a closed poll, a revoked link; a viewpoint given, refused for a missing reason,
 * changed; what was decided and a decided question's page. axe-core finds no WCAG 2.1 AA violation on any
 * page; each page's screenshot is kept under test-artifacts/web/.
 */
const CHROMIUM = "/usr/bin/chromium";
const PHONE = { width: 360, height: 740 };
const ARTIFACTS = join("test-artifacts", "web");
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** A walk through six pages, each checked by axe-core and photographed: slower than a unit test. */
const BROWSER_TEST_MS = 120_000;

const h = new PagesHarness();
let browser: Browser;
let context: BrowserContext;
let token: string;
let revoked: string;
let meetingId: string;
let decisionId: string;

beforeAll(async () => {
  // CI installs it (.ci/run); a machine without it fails here, saying so, rather than skipping.
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser test`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  await h.start();
  await webEquipe(h);
  await h.convene(
    ["2027-02-03 15:00", "2027-02-04 17:30", "2027-02-05 09:00"],
    "2027-01-20 12:00",
    "Sala verde",
  );
  meetingId = (await h.testDb.db.meeting.findFirstOrThrow()).id;
  const everyone = (await h.testDb.db.member.findMany({ select: { id: true } })).map((m) => m.id);
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "decide",
    {
      question: "Proseguiamo con l'educativa domiciliare per altri sei mesi?",
      context: "Dopo la verifica intermedia: gli incontri a casa sono stati regolari.",
      kind: "stances",
      options: "",
      deadline: "2027-01-30 18:00",
      participants: everyone.join(","),
      familyReason: "",
    },
    CHANNEL,
  );
  decisionId = (await h.testDb.db.decision.findFirstOrThrow()).id;
  await h.running.core.submitForm(
    slackCtx("U0EDU"),
    "viewpoint",
    { answer: "agree", reason: "Gli incontri funzionano.", side: "child_needs" },
    decisionId,
  );
  token = await h.linkFor(await h.memberId("mamma@example.org"));
  const psychologist = await h.memberId("psi@example.org");
  revoked = await h.linkFor(psychologist);
  await h.revoke(psychologist);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  // JavaScript stays on for axe-core and the checks below (run from outside the page); the pages
  // themselves have none, and their CSP would refuse any (test/web/frame.test.ts).
  context = await browser.newContext({ viewport: PHONE, locale: "it-IT" });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await h.stop();
});

/** Every WCAG 2.1 A and AA rule axe-core knows, on the page as it is; and a screenshot of it. */
async function checked(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  // The page fits a phone: nothing scrolls sideways.
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
    PHONE.width,
  );
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe("in a browser at 360 × 740", () => {
  it(
    "opens the personal page, follows to the poll, answers, changes an answer, and sees the confirmation",
    async () => {
      const page = await context.newPage();
      const opened = await page.goto(`${h.url}/p/${token}`);
      expect(opened?.status()).toBe(200);
      await expect(page.title()).resolves.toBe("Équipe — la tua pagina");
      await checked(page, "personal");

      await page.getByRole("link", { name: "Scegli gli orari" }).click();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Quando puoi venire?");
      await checked(page, "poll");

      const times = page.getByRole("group");
      expect(await times.count()).toBe(3);
      // Two answers only: the page comes back with the error, what was ticked kept.
      await times.nth(0).getByLabel("Sì").check();
      await times.nth(1).getByLabel("No").check();
      await page.getByRole("button", { name: "Invia le risposte" }).click();
      expect(await page.title()).toBe("Errore: Équipe — quando puoi venire");
      expect(await page.getByRole("alert").textContent()).toContain(
        "Scegli una risposta per venerdì 5 febbraio 2027",
      );
      expect(await times.nth(0).getByLabel("Sì").isChecked()).toBe(true);
      await checked(page, "poll-error");

      // The error summary's link takes the reader to the field.
      await page.getByRole("link", { name: /Scegli una risposta per venerdì/ }).click();
      await times.nth(2).getByLabel("Se necessario").check();
      // A change of mind before sending.
      await times.nth(1).getByLabel("Se necessario").check();
      await page.getByRole("button", { name: "Invia le risposte" }).click();
      expect(await page.title()).toBe("Équipe — risposte salvate");
      const saved = await page.getByRole("main").textContent();
      expect(saved).toContain("mercoledì 3 febbraio 2027, 15:00–16:00: Sì");
      expect(saved).toContain("giovedì 4 febbraio 2027, 17:30–18:30: Se necessario");
      expect(saved).toContain("venerdì 5 febbraio 2027, 09:00–10:00: Se necessario");
      await checked(page, "done");

      // Back to the poll: the answers are there; one changed again after sending.
      await page.getByRole("link", { name: "Cambia le risposte" }).click();
      expect(await page.getByRole("group").nth(1).getByLabel("Se necessario").isChecked()).toBe(true);
      await page.getByRole("group").nth(1).getByLabel("No").check();
      await page.getByRole("button", { name: "Invia le risposte" }).click();
      expect(await page.getByRole("main").textContent()).toContain(
        "giovedì 4 febbraio 2027, 17:30–18:30: No",
      );

      const mother = await h.memberId("mamma@example.org");
      const answers = await h.testDb.db.availability.findMany({ where: { memberId: mother } });
      expect(answers.map((a) => a.answer).sort()).toEqual(["if_needed", "no", "yes"]);
      expect(answers.every((a) => a.recordedByMemberId === null)).toBe(true);

      await page.getByRole("link", { name: "Torna alla tua pagina" }).click();
      expect(await page.getByRole("main").textContent()).toContain("Hai già detto quando puoi venire");
      await page.getByRole("link", { name: "English" }).click();
      expect(await page.title()).toBe("Équipe — your page");
      await checked(page, "personal-en");
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it("shows a closed poll for what it is", async () => {
    h.clock.set(new Date("2027-01-21T09:00:00Z"));
    const page = await context.newPage();
    await page.goto(`${h.url}/p/${token}/incontro/${meetingId}`);
    expect(await page.title()).toBe("Équipe — scelta degli orari chiusa");
    expect(await page.getByRole("main").textContent()).toContain("Il tempo per rispondere è finito");
    expect(await page.getByRole("button").count()).toBe(0);
    await checked(page, "poll-closed");
    await page.close();
  });

  it("shows a revoked link the page every link that does not work gets", async () => {
    const page = await context.newPage();
    const response = await page.goto(`${h.url}/p/${revoked}`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina non trovata");
    await checked(page, "not-found");
    await page.close();
  });

  it(
    "gives a viewpoint from the personal page, is told a reason is missing, then changes it",
    async () => {
      const page = await context.newPage();
      await page.goto(`${h.url}/p/${token}`);
      await page.getByRole("link", { name: "Dai il tuo punto di vista" }).click();
      expect(await page.title()).toBe("Équipe — il tuo punto di vista");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sei d'accordo?");
      expect(await page.getByRole("main").textContent()).toContain(
        "Vedrai cosa ne pensano gli altri dopo aver dato il tuo punto di vista.",
      );
      await checked(page, "viewpoint");

      // Doubts without a reason: the page comes back with the error, the choice kept.
      await page.getByLabel("Ho dei dubbi").check();
      await page.getByRole("button", { name: "Invia il tuo punto di vista" }).click();
      expect(await page.title()).toBe("Errore: Équipe — il tuo punto di vista");
      expect(await page.getByRole("alert").textContent()).toContain("scrivi il motivo");
      expect(await page.getByLabel("Ho dei dubbi").isChecked()).toBe(true);
      await checked(page, "viewpoint-error");

      await page.getByRole("link", { name: /scrivi il motivo/ }).click();
      await page.getByLabel("Perché?").fill("Vorrei capire come cambiano gli orari.");
      await page.getByLabel("Come i genitori rispondono a questi bisogni").check();
      await page.getByRole("button", { name: "Invia il tuo punto di vista" }).click();
      expect(await page.title()).toBe("Équipe — punto di vista salvato");
      const saved = await page.getByRole("main").textContent();
      expect(saved).toContain("Risposta: Ho dei dubbi");
      expect(saved).toContain("Perché: Vorrei capire come cambiano gli orari.");
      // Now that hers is in, the others' viewpoints, as chat shows them.
      expect(saved).toContain("Gli incontri funzionano.");
      await checked(page, "viewpoint-done");

      // A change of mind: the form pre-filled with what she said.
      await page.getByRole("link", { name: "Cambia il tuo punto di vista" }).click();
      expect(await page.getByLabel("Ho dei dubbi").isChecked()).toBe(true);
      expect(await page.getByLabel("Perché?").inputValue()).toBe("Vorrei capire come cambiano gli orari.");
      await page.getByLabel("Sì, sono d'accordo").check();
      await page.getByRole("button", { name: "Invia il tuo punto di vista" }).click();
      expect(await page.getByRole("main").textContent()).toContain("Risposta: Sì, sono d'accordo");

      const mother = await h.memberId("mamma@example.org");
      const stored = await h.testDb.db.viewpoint.findFirstOrThrow({ where: { memberId: mother } });
      expect(stored).toMatchObject({ answer: "agree", side: "parent_responses", recordedByMemberId: null });

      await page.getByRole("link", { name: "Torna alla tua pagina" }).first().click();
      expect(await page.getByRole("main").textContent()).toContain("Hai già dato il tuo punto di vista");
      await page.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    "shows what was decided, with the member's action, and the decided question's page",
    async () => {
      await h.running.core.submitForm(
        slackCtx("U0COORD"),
        "outcome",
        {
          outcome: "Si prosegue per sei mesi, con una verifica a luglio.",
          actions: "mamma@example.org | Portare il calendario dei turni di lavoro | 2027-02-15",
          review: "",
          override: "Il parere dello psicologo arriverà all'incontro.",
        },
        decisionId,
      );
      const page = await context.newPage();
      await page.goto(`${h.url}/p/${token}`);
      await page.getByRole("link", { name: "Guarda cosa è stato deciso" }).click();
      expect(await page.title()).toBe("Équipe — cosa è stato deciso");
      const main = await page.getByRole("main").textContent();
      expect(main).toContain("Si prosegue per sei mesi, con una verifica a luglio.");
      expect(main).toContain("Portare il calendario dei turni di lavoro");
      await checked(page, "decided");

      await page.goto(`${h.url}/p/${token}/decisione/${decisionId}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("La decisione è stata presa");
      expect(await page.getByRole("button").count()).toBe(0);
      await checked(page, "decision-closed");
      await page.close();
    },
    BROWSER_TEST_MS,
  );
});
