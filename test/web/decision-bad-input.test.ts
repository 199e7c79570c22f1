import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

const h = new PagesHarness();
let mother: string;
let decisionId: string;
let url: string;

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  const _db = h.testDb.db;
  decisionId = await h.askEveryone("Q?");
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  url = `${h.url}/p/${mother}/decisione/${decisionId}`;
});
afterAll(() => h.stop());

async function csrf(): Promise<string> {
  const html = await (await fetch(url)).text();
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
}

describe("bad input on the decision pages never answers 500", () => {
  it("malformed ids, duplicated or huge fields, wrong types and methods: 4xx pages, never a 500", async () => {
    const token = await csrf();
    const statuses: Record<string, number> = {};
    const tries: [string, () => Promise<Response>][] = [
      [
        "option on stances",
        () => postForm(url, { csrf: token, answer: "option:1", reason: "", side: "none" }),
      ],
      ["bad side", () => postForm(url, { csrf: token, answer: "agree", reason: "", side: "xx" })],
      ["no fields", () => postForm(url, { csrf: token })],
      [
        "long reason",
        () => postForm(url, { csrf: token, answer: "doubts", reason: "é".repeat(1500), side: "none" }),
      ],
      [
        "huge body",
        () => postForm(url, { csrf: token, answer: "doubts", reason: "x".repeat(20000), side: "none" }),
      ],
      [
        "json",
        () => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      ],
      ["no type", () => fetch(url, { method: "POST", body: "a" })],
      [
        "charset",
        () =>
          fetch(url, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
            body: `csrf=${encodeURIComponent(token)}&answer=agree&reason=&side=none`,
          }),
      ],
      ["PUT", () => fetch(url, { method: "PUT" })],
      ["DELETE", () => fetch(url, { method: "DELETE" })],
      ["upper id", () => fetch(url.replace(decisionId, decisionId.toUpperCase()))],
      ["encoded id", () => fetch(`${h.url}/p/${mother}/decisione/%E0%A4%A`)],
      ["fatto", () => fetch(`${url}/fatto`)],
      ["decisioni", () => fetch(`${h.url}/p/${mother}/decisioni?lang=en&lang=it`)],
      ["lang array", () => fetch(`${url}?lang[]=en`)],
      ["HEAD", () => fetch(url, { method: "HEAD" })],
    ];
    for (const [name, go] of tries) statuses[name] = (await go()).status;
    expect(Object.values(statuses).filter((s) => s >= 500)).toEqual([]);
  });
});
