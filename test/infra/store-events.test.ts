import { afterEach, beforeEach, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { answerInline, type Request } from "../../src/core/request.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";

/**
 * A commit that queued messages wakes the outbox's dispatcher, which lives on after the request
 * that woke it. It is woken outside the unit of work's attempt: what it starts neither keeps the
 * attempt's inline answers alive nor adds to them (an answer given there would wait for a commit
 * that has already happened, and be lost).
 */
let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(async () => {
  await testDb.dispose();
});

it("wakes the outbox outside the attempt: an answer given from there is given at once", async () => {
  const store = new PrismaStore(testDb.db);
  const heard: string[] = [];
  const req = { inline: { answer: () => heard.push("answered") } } as unknown as Request;
  store.on("outbox", () => {
    answerInline(req, textMessage([{ type: "text", text: "x" }] as never));
    heard.push("after the answer");
  });
  await store.transaction(async (repos) => {
    await repos.outbox.enqueue(
      [{ target: { kind: "member", memberId: "m1" }, content: "hello" } as never],
      new Date("2026-12-01T09:00:00Z"),
    );
  });
  expect(heard).toEqual(["answered", "after the answer"]);
});
