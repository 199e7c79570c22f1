import { afterEach, beforeEach, expect, it } from "vitest";
import type { DecisionId, EquipeId, MemberId } from "../../src/domain/ids.ts";
import type { DecisionRecord } from "../../src/features/decisions/repository.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { openDecision } from "../support/decision-record.ts";

/**
 * The decisions recorded that concern one member are their own last ten: filtered before the
 * limit, so that ten recent decisions about others never hide an older one that is theirs.
 */
let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

it("takes the member's last decisions, not the équipe's last ones filtered after", async () => {
  const db = testDb.db;
  await db.equipe.create({
    data: { id: "e1", caseCode: "FAM-2027-001", timezone: "Europe/Rome", locale: "it" },
  });
  for (const id of ["coord", "mum", "other"])
    await db.member.create({
      data: {
        id,
        equipeId: "e1",
        kind: "external",
        email: `${id}@x.example`,
        role: "social_worker",
        isCoordinator: id === "coord",
      },
    });
  const store = new PrismaStore(db);
  const at = (day: number) => new Date(Date.UTC(2027, 0, day, 9));
  const decision = (n: number): DecisionRecord =>
    openDecision({ id: `d${n}`, question: `Q${n}?`, deadline: at(n + 1), createdAt: at(n) });

  // The oldest asks the mother; the twelve after it ask only someone else.
  for (let n = 1; n <= 13; n++) {
    const asked = n === 1 ? "mum" : "other";
    await store.transaction((repos) =>
      repos.decisions.create(decision(n), [{ memberId: asked as MemberId, required: true }]),
    );
    await store.transaction((repos) =>
      repos.decisions.recordOutcome(`d${n}` as DecisionId, {
        outcome: `O${n}`,
        overrideReason: undefined,
        reviewAt: undefined,
        recordedByMemberId: "coord" as MemberId,
        at: at(n + 2),
        actions: [],
      }),
    );
  }
  const mine = await store.snapshot((repos) =>
    repos.decisions.recorded("e1" as EquipeId, 10, "mum" as MemberId),
  );
  expect(mine.map((d) => d.id)).toEqual(["d1"]);
  const theirs = await store.snapshot((repos) =>
    repos.decisions.recorded("e1" as EquipeId, 10, "other" as MemberId),
  );
  expect(theirs).toHaveLength(10);
  expect(theirs[0]?.id).toBe("d13");
  expect(await store.snapshot((repos) => repos.decisions.recorded("e1" as EquipeId, 10))).toHaveLength(10);
});
