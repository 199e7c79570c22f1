import { afterEach, beforeEach, expect, it } from "vitest";
import type { DecisionId, EquipeId, MemberId } from "../../src/domain/ids.ts";
import type { DecisionRecord } from "../../src/features/decisions/repository.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { openDecision } from "../support/decision-record.ts";

/**
 * Lists people see come in one order on every database, every time: rows written in the same
 * millisecond are told apart by a tie-breaker, never left to the order the rows were written in or
 * the index the database happened to scan (which differ between SQLite and PostgreSQL).
 * Each case writes its rows so that both of those orders differ from the expected one.
 */
let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const E1 = "e1" as EquipeId;
const T1 = new Date(Date.UTC(2027, 0, 4, 9));
const T2 = new Date(Date.UTC(2027, 0, 4, 10));

/** Members written as `[id, joined at]`, in this order. */
async function members(rows: [string, Date][]) {
  await testDb.db.equipe.create({
    data: { id: "e1", caseCode: "FAM-2027-001", timezone: "Europe/Rome", locale: "it" },
  });
  for (const [id, createdAt] of rows)
    await testDb.db.member.create({
      data: { id, equipeId: "e1", kind: "external", email: `${id}@x.example`, role: "teacher", createdAt },
    });
}

function decision(): DecisionRecord {
  return openDecision({
    id: "d1",
    question: "Q?",
    deadline: T2,
    createdAt: T1,
    createdByMemberId: "zed" as MemberId,
  });
}

it("lists members who joined in the same millisecond by id, whatever order they were written in", async () => {
  await members([
    ["zed", T1],
    ["bob", T2],
    ["amy", T2],
  ]);
  const store = new PrismaStore(testDb.db);
  const all = await store.snapshot((repos) => repos.members.listAll(E1));
  expect(all.map((m) => m.id)).toEqual(["zed", "amy", "bob"]);
  const active = await store.snapshot((repos) => repos.members.listActive(E1));
  expect(active.map((m) => m.id)).toEqual(["zed", "amy", "bob"]);
});

it("lists a decision's participants in the équipe's member order, not as they were written", async () => {
  await members([
    ["zed", T1],
    ["bob", T2],
    ["amy", T2],
  ]);
  const store = new PrismaStore(testDb.db);
  // Written bob, zed, amy; by member id amy, bob, zed; the équipe lists zed, amy, bob.
  await store.transaction((repos) =>
    repos.decisions.create(decision(), [
      { memberId: "bob" as MemberId, required: true },
      { memberId: "zed" as MemberId, required: true },
      { memberId: "amy" as MemberId, required: false },
    ]),
  );
  const participants = await store.snapshot((repos) => repos.decisions.participants("d1" as DecisionId));
  expect(participants).toEqual([
    { memberId: "zed", required: true },
    { memberId: "amy", required: false },
    { memberId: "bob", required: true },
  ]);
});

it("lists viewpoints given in the same millisecond by their id", async () => {
  await members([
    ["zed", T1],
    ["amy", T1],
  ]);
  const store = new PrismaStore(testDb.db);
  await store.transaction((repos) => repos.decisions.create(decision(), []));
  // Written amy then zed, and amy comes first by member; by id (the tie-breaker) zed's comes first.
  const written: [string, string][] = [
    ["v2", "amy"],
    ["v1", "zed"],
  ];
  for (const [id, memberId] of written)
    await testDb.db.viewpoint.create({
      data: { id, decisionId: "d1", memberId, answer: "agree", createdAt: T2 },
    });
  const viewpoints = await store.snapshot((repos) => repos.decisions.viewpoints("d1" as DecisionId));
  expect(viewpoints.map((v) => v.memberId)).toEqual(["zed", "amy"]);
});

it("gives the members read in a unit of work as records no caller can change for the others", async () => {
  await members([
    ["zed", T1],
    ["amy", T2],
  ]);
  const store = new PrismaStore(testDb.db);
  await store.snapshot(async (repos) => {
    const first = await repos.members.listActive(E1);
    const member = first[0];
    if (member === undefined) throw new Error("no member listed");
    // The unit's next read shares these objects: a change to one would be every later reader's.
    expect(() => {
      (member as { role: string }).role = "coordinator";
    }).toThrow(TypeError);
    first.pop();
    const again = await repos.members.listActive(E1);
    expect(again.map((m) => [m.id, m.role])).toEqual([
      ["zed", "teacher"],
      ["amy", "teacher"],
    ]);
    expect(again[0]).toBe(member);
  });
});
