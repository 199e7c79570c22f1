import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/core/links.ts";
import { formKeyFrom, formToken } from "../../src/http/page-forms.ts";
import { htmlView } from "../support/display.ts";
import { CHANNEL, slackCtx } from "../support/fakes.ts";
import { PagesHarness, postForm, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

/**
 * What was decided, and the member's actions (`/p/<token>/decisioni`, linked from the personal
 * page): the decisions recorded in the member's équipe that they took part in or that gave them
 * an action — question, outcome, when — and only their own actions with the due date in the
 * équipe's zone. Nobody's viewpoint or reason; nothing of a withdrawn decision but on its own page.
 */
const h = new PagesHarness();
let mother: string;
let psychologist: string;
let decidedId: string;
let withdrawnId: string;

const decide = (question: string): Promise<string> => h.askEveryone(question);

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  psychologist = await h.linkFor(await h.memberId("psi@example.org"));
  decidedId = await decide("Iscriviamo <em>Luca</em> al centro estivo?");
  await h.running.core.submitForm(
    slackCtx("U0EDU"),
    "viewpoint",
    { answer: "doubts", reason: "Motivo riservato dell'educatore", side: "none" },
    decidedId,
  );
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "outcome",
    {
      outcome: "Sì, da giugno <strong>con accompagnamento</strong>.",
      actions: [
        "mamma@example.org | Portare il modulo <firmato> | 2027-02-15",
        "psi@example.org | Colloquio con la scuola | 2027-02-20",
      ].join("\n"),
      review: "",
      override: "La famiglia ne ha parlato all'incontro.",
    },
    decidedId,
  );
  withdrawnId = await decide("Cambiamo scuola?");
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "decision-withdraw",
    { reason: "Ne parliamo prima all'incontro <T1>." },
    withdrawnId,
  );
});
afterAll(() => h.stop());

const open = async (path: string) => {
  const response = await fetch(`${h.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};

describe("what was decided", () => {
  it("is linked from the personal page of a member who took part", async () => {
    const view = htmlView(await open(`/p/${mother}`));
    expect(view.text).toContain("Cosa è stato deciso");
    expect(view.links).toContainEqual({ label: "Guarda cosa è stato deciso", url: `/p/${mother}/decisioni` });
  });

  it("shows the question, what was decided and when, escaped, with the member's own actions only", async () => {
    const html = await open(`/p/${mother}/decisioni`);
    const view = htmlView(html);
    expect(view.text).toContain("Iscriviamo <em>Luca</em> al centro estivo?");
    expect(view.text).toContain("Sì, da giugno <strong>con accompagnamento</strong>.");
    expect(html).toContain("&lt;strong&gt;con accompagnamento&lt;/strong&gt;");
    expect(view.text).toContain("Decisione registrata domenica 10 gennaio 2027, 10:00.");
    expect(view.text).toContain("Cosa ti è chiesto di fare");
    expect(view.text).toContain("Portare il modulo <firmato>\nentro lunedì 15 febbraio 2027, 09:00");
    expect(view.text).not.toContain("Colloquio con la scuola");
    // Nobody's viewpoint, and a withdrawn decision is not a decision taken.
    expect(view.text).not.toContain("Motivo riservato");
    expect(view.text).not.toContain("Cambiamo scuola?");
    expect(view.links).toContainEqual({ label: "Torna alla tua pagina", url: `/p/${mother}` });
  });

  it("shows another member their own actions, not the family's", async () => {
    const view = htmlView(await open(`/p/${psychologist}/decisioni`));
    expect(view.text).toContain("Colloquio con la scuola\nentro sabato 20 febbraio 2027, 09:00");
    expect(view.text).not.toContain("Portare il modulo");
  });

  it("says when an action's day has passed", async () => {
    const now = h.clock.now();
    h.clock.set(new Date("2027-02-16T10:00:00Z"));
    try {
      const view = htmlView(await open(`/p/${mother}/decisioni`));
      expect(view.text).toContain(
        "Portare il modulo <firmato>\nera da fare entro lunedì 15 febbraio 2027, 09:00",
      );
    } finally {
      h.clock.set(now);
    }
  });

  it("is in English by link", async () => {
    const view = htmlView(await open(`/p/${mother}/decisioni?lang=en`));
    expect(view.text).toContain("What was decided");
    expect(view.text).toContain("by Monday, 15 February 2027, 09:00");
  });

  it("lists nothing for a member who joined later, and the personal page does not offer it", async () => {
    await h.run("U0COORD", "add-external nonno@example.org parente Carlo D.");
    const grandfather = await h.linkFor(await h.memberId("nonno@example.org"));
    expect(htmlView(await open(`/p/${grandfather}/decisioni`)).text).toContain(
      "Non ci sono ancora decisioni prese che ti riguardano.",
    );
    expect(htmlView(await open(`/p/${grandfather}`)).links.map((l) => l.url)).not.toContain(
      `/p/${grandfather}/decisioni`,
    );
  });
});

describe("a decided or withdrawn decision's own page", () => {
  it("says what was decided", async () => {
    const view = htmlView(await open(`/p/${mother}/decisione/${decidedId}`));
    expect(view.text).toContain("La decisione è stata presa");
    expect(view.text).toContain("Sì, da giugno <strong>con accompagnamento</strong>.");
    expect(view.links).toContainEqual({ label: "Guarda cosa è stato deciso", url: `/p/${mother}/decisioni` });
  });

  it("says it was withdrawn and why, and that there is nothing to do; a viewpoint then is refused with 409", async () => {
    const page = `/p/${mother}/decisione/${withdrawnId}`;
    const html = await open(page);
    const view = htmlView(html);
    expect(view.text).toContain("La decisione è stata ritirata");
    expect(view.text).toContain("Ne parliamo prima all'incontro <T1>.");
    expect(html).toContain("&lt;T1&gt;");
    expect(view.text).toContain("Non devi fare niente.");
    const csrf = formToken(formKeyFrom(WEB_DATA_KEY), hashToken(mother), `viewpoint:${withdrawnId}`);
    const before = await h.tables([]);
    const late = await postForm(`${h.url}${page}`, { csrf, answer: "agree", reason: "", side: "none" });
    expect(late.status).toBe(409);
    expect(await h.tables([])).toEqual(before);
  });
});

describe("reading these pages", () => {
  it("changes no table but the audit trail's openings", async () => {
    const before = await h.tables();
    const trail = (await h.audit("page.opened")).length;
    for (const path of [
      `/p/${mother}/decisioni`,
      `/p/${mother}/decisione/${decidedId}`,
      `/p/${mother}/decisione/${withdrawnId}`,
      `/p/${mother}/decisione/${withdrawnId}/fatto`,
    ])
      await open(path);
    expect(await h.tables()).toEqual(before);
    expect((await h.audit("page.opened")).length).toBe(trail + 4);
  });
});

describe("a decision that does not wait for the member", () => {
  it("still lets them answer, saying it is optional for them, on the personal page and the question", async () => {
    const db = h.testDb.db;
    const mamma = await h.memberId("mamma@example.org");
    const others = (await db.member.findMany({ where: { removedAt: null, id: { not: mamma } } })).map(
      (m) => m.id,
    );
    await h.running.core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question: "Chi accompagna agli incontri?",
        context: "",
        kind: "stances",
        options: "",
        deadline: "2027-01-30 18:00",
        participants: others.join(","),
        familyReason: "Ne parliamo prima tra professionisti.",
      },
      CHANNEL,
    );
    const optionalId = (await h.decisionAsked("Chi accompagna agli incontri?")).id;
    const personal = htmlView(await open(`/p/${mother}`));
    expect(personal.text).toContain("Per te rispondere è facoltativo");
    expect(personal.links).toContainEqual({
      label: "Dai il tuo punto di vista",
      url: `/p/${mother}/decisione/${optionalId}`,
    });
    expect(htmlView(await open(`/p/${mother}/decisione/${optionalId}`)).text).toContain(
      "Per te rispondere è facoltativo: l'équipe non aspetta la tua risposta per decidere",
    );
    expect(htmlView(await open(`/p/${psychologist}/decisione/${optionalId}`)).text).not.toContain(
      "Per te rispondere è facoltativo",
    );
  });
});
