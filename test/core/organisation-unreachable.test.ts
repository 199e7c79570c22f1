import { afterEach, beforeEach, expect, it } from "vitest";
import { reportUndelivered } from "../../src/core/unreachable.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import type { Undelivered } from "../../src/ports/channel.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { FakeClock, makeDeps } from "../support/fakes.ts";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

it("an organisation's undelivered letters from two équipes the same day: both équipes' coordinators are told", async () => {
  const db = testDb.db;
  for (const e of ["e1", "e2"]) {
    await db.equipe.create({ data: { id: e, caseCode: `CASE-${e}`, timezone: "Europe/Rome", locale: "it" } });
    await db.member.create({
      data: {
        id: `c-${e}`,
        equipeId: e,
        kind: "chat",
        platform: "slack",
        workspaceId: "T0",
        platformUserId: `U${e}`,
        displayName: `Coord ${e}`,
        role: "social_worker",
        isCoordinator: true,
      },
    });
  }
  await db.organisation.create({
    data: {
      id: "o1",
      contactEmail: "ufficio@x.example",
      name: "Consultorio",
      locale: "it",
      createdAt: new Date(),
      createdInEquipeId: "e1",
      createdByMemberId: "c-e1",
    },
  });
  const deps = makeDeps(new PrismaStore(db), new FakeClock(new Date("2027-01-05T09:00:00Z")));
  for (const equipeId of ["e1", "e2"])
    await reportUndelivered(deps, {
      target: { kind: "email", to: "ufficio@x.example", locale: "it" },
      recipient: { equipeId, organisationId: "o1" },
      about: `lettera da ${equipeId}`,
      reason: "emailRefused",
    } satisfies Undelivered);
  // Again the same day from e1: already told today.
  await reportUndelivered(deps, {
    target: { kind: "email", to: "ufficio@x.example", locale: "it" },
    recipient: { equipeId: "e1", organisationId: "o1" },
    about: "un'altra lettera da e1",
    reason: "emailRefused",
  } satisfies Undelivered);
  const told = await db.auditEntry.findMany({
    where: { action: "organisation.unreachable" },
    select: { equipeId: true },
  });
  expect(told.map((t) => t.equipeId).sort()).toEqual(["e1", "e2"]);
});
