import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlView } from "../support/display.ts";
import { CHANNEL, slackCtx } from "../support/fakes.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

const h = new PagesHarness();
let url: string;

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  const mum = await h.memberId("mamma@example.org");
  await h.running.core.submitForm(
    slackCtx("U0COORD"),
    "decide",
    {
      question: "Q?",
      context: "",
      kind: "stances",
      options: "",
      deadline: "2027-01-30 18:00",
      participants: mum,
      familyReason: "",
    },
    CHANNEL,
  );
  const decisionId = (await h.testDb.db.decision.findFirstOrThrow()).id;
  url = `${h.url}/p/${await h.linkFor(mum)}/decisione/${decisionId}`;
});
afterAll(() => h.stop());

describe("the last viewpoint the decision waited for", () => {
  it("is confirmed as saved to the parent who gave it", async () => {
    const html = await (await fetch(url)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const posted = await postForm(url, { csrf, answer: "agree", reason: "", side: "none" });
    expect(posted.status).toBe(303);
    // Hers was the last viewpoint it waited for: the decision closed with it.
    expect((await h.testDb.db.decision.findFirstOrThrow()).status).toBe("closed");
    const done = await fetch(new URL(posted.headers.get("location") ?? "", h.url));
    const text = htmlView(await done.text()).text;
    expect(text).toContain("Punto di vista salvato");
  });
});
