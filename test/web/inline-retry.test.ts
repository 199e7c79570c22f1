import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MemberId } from "../../src/domain/ids.ts";
import { SECTION_KEYS } from "../../src/domain/summary.ts";
import type { Db } from "../../src/infra/db.ts";
import { htmlView } from "../support/display.ts";
import { PagesHarness, postForm, webEquipe } from "../support/web-pages.ts";

/**
 * A unit of work rolled back and run again (a serializable collision on PostgreSQL) answers a web
 * page once: what its rolled-back attempt said is dropped with it. While told to, the store here
 * makes the first attempt of each unit of work collide after its work has run (and answered), as
 * PostgreSQL does at commit, and lets the attempt after it commit; on SQLite it also reports
 * itself as PostgreSQL, so that the store's own retry runs. The page's units run one after another.
 */
const h = new PagesHarness();
let mother: string;
let versionId: string;
/** Set to collide: every other attempt (the first of each unit of work) fails after its work. */
let colliding = false;
let attempts = 0;
let collisions = 0;

/** The running store's database, colliding while told to, else the real one. */
function collidingFirstAttempts(db: Db): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "kind") return "postgresql";
      if (property !== "$transaction") return Reflect.get(target, property, receiver);
      return (work: (tx: unknown) => Promise<unknown>, options: unknown) =>
        target.$transaction(
          async (tx) => {
            const result = await work(tx);
            if (colliding && attempts++ % 2 === 0) {
              collisions += 1;
              throw Object.assign(new Error("could not serialize access"), { code: "P2034" });
            }
            return result;
          },
          // SQLite's transactions take no isolation level but their own.
          target.kind === "postgresql" ? (options as undefined) : undefined,
        );
    },
  });
}

beforeAll(async () => {
  await h.start();
  await webEquipe(h);
  const coordinator = (await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } }))
    .id as MemberId;
  mother = await h.linkFor(await h.memberId("mamma@example.org"));
  // A version for everyone, circulated through the core's own editor form.
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const values: Record<string, string> = { note: "Prima stesura", acknowledgeBy: "", intent: "circulate" };
  for (const key of SECTION_KEYS) {
    values[`text_${key}`] = `Testo ${key}.`;
    values[`audience_${key}`] = "everyone";
  }
  const req = {
    actor: { kind: "link" as const, memberId: coordinator },
    place: { kind: "private" as const },
    deliveryKey: randomUUID(),
    inline: { answer: () => undefined },
  };
  expect((await h.running.core.checkForm(req, "summary-edit", values, equipe.id)).kind).toBe("ok");
  await h.running.core.submitForm(req, "summary-edit", values, equipe.id);
  versionId = (await h.testDb.db.summaryVersion.findFirstOrThrow()).id;
  const store = h.running.deps.store as unknown as { db: Db };
  store.db = collidingFirstAttempts(store.db);
});
afterAll(() => h.stop());

it("shows the answer of the attempt that committed, once, after a rolled-back one", async () => {
  const url = `${h.url}/p/${mother}/sintesi/${versionId}`;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await (await fetch(url)).text())?.[1] ?? "";
  colliding = true;
  const response = await postForm(url, { csrf, ack: "yes", section: "", kind: "add", comment: "" });
  colliding = false;
  // The reading form's check, then its submission: each collided once.
  expect(collisions).toBe(2);
  expect(response.status).toBe(200);
  const text = htmlView(await response.text()).text;
  expect(text.split("Presa visione della versione 1 registrata. Grazie.")).toHaveLength(2);
  const memberId = await h.memberId("mamma@example.org");
  expect(await h.testDb.db.summaryAcknowledgement.count({ where: { versionId, memberId } })).toBe(1);
});
