import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PagesHarness, webEquipe } from "../support/web-pages.ts";

const h = new PagesHarness();
let mother: string;
beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
});
afterAll(() => h.stop());

describe("bad input on /q and /p never answers 500", () => {
  it("malformed tokens and paths, wrong methods and bodies: 4xx, never a 500", async () => {
    const statuses: Record<string, number> = {};
    const tok = "A".repeat(43);
    const tries: [string, string, RequestInit?][] = [
      ["q empty", "/q/"],
      ["q root", "/q"],
      ["q token", `/q/${tok}`],
      ["q token extra", `/q/${tok}/x`],
      [
        "q post",
        `/q/${tok}`,
        { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } },
      ],
      [
        "q post json",
        `/q/${tok}`,
        { method: "POST", body: "{", headers: { "content-type": "application/json" } },
      ],
      ["q bad ct", `/q/${tok}`, { method: "POST", body: "{", headers: { "content-type": "(((" } }],
      ["q asset", "/q/assets/nope.css"],
      ["q get body ct", `/q/${tok}`, { headers: { "content-type": "(((" } }],
      [
        "p bad ct",
        `/p/${mother}/incontro/x`,
        { method: "POST", body: "{", headers: { "content-type": "(((" } },
      ],
      [
        "p decision bad ct",
        `/p/${mother}/decisione/00000000-0000-0000-0000-000000000000`,
        { method: "POST", body: "{", headers: { "content-type": "(((" } },
      ],
      ["p long path", `/p/${mother}/decisione/${"a".repeat(5000)}`],
      [
        "p decisioni post",
        `/p/${mother}/decisioni`,
        { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } },
      ],
      [
        "p fatto post",
        `/p/${mother}/decisione/00000000-0000-0000-0000-000000000000/fatto`,
        { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } },
      ],
      [
        "p decision post big",
        `/p/${mother}/decisione/00000000-0000-0000-0000-000000000000`,
        {
          method: "POST",
          body: "a".repeat(2_000_000),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
      ],
      [
        "p decision post big unknown",
        `/p/${mother}/decisione/00000000-0000-0000-0000-000000000000`,
        { method: "POST", body: "a".repeat(2_000_000), headers: { "content-type": "text/plain" } },
      ],
    ];
    for (const [name, path, init] of tries) {
      try {
        statuses[name] = (await fetch(`${h.url}${path}`, { redirect: "manual", ...init })).status;
      } catch {
        statuses[name] = -1;
      }
    }
    expect(Object.values(statuses).filter((s) => s >= 500)).toEqual([]);
  });
});
