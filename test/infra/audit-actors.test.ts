import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EquipeId, MemberId } from "../../src/domain/ids.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";

let testDb: TestDb;
beforeEach(async () => {
  testDb = await freshDb();
});
afterEach(() => testDb.dispose());

const equipe = "e1" as EquipeId;
const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 9, minute));

describe("the audit trail's last actors", () => {
  it("gives, per subject, who last did the action, in one read of many subjects", async () => {
    const { audit } = new PrismaStore(testDb.db).repos;
    const subjects = Array.from({ length: 1201 }, (_, i) => `s${i}`);
    for (const [i, subjectId] of subjects.entries())
      await audit.record({
        equipeId: equipe,
        actorId: `a${i % 3}` as MemberId,
        action: "meeting.confirmed",
        subjectId,
        at: at(1),
      });
    // s0: confirmed again later by someone else; another action and another équipe do not count.
    await audit.record({
      equipeId: equipe,
      actorId: "later" as MemberId,
      action: "meeting.confirmed",
      subjectId: "s0",
      at: at(5),
    });
    await audit.record({
      equipeId: equipe,
      actorId: "mover" as MemberId,
      action: "meeting.moved",
      subjectId: "s1",
      at: at(6),
    });
    await audit.record({
      equipeId: "e2" as EquipeId,
      actorId: "other" as MemberId,
      action: "meeting.confirmed",
      subjectId: "s2",
      at: at(7),
    });
    // s3: a later entry without an actor (the system) leaves the last person who did it.
    await audit.record({
      equipeId: equipe,
      actorId: undefined,
      action: "meeting.confirmed",
      subjectId: "s3",
      at: at(8),
    });

    const last = await audit.lastActors(equipe, "meeting.confirmed", [...subjects, "unknown"]);
    expect(last.size).toBe(1201);
    expect(last.get("s0")).toBe("later");
    expect(last.get("s1")).toBe("a1");
    expect(last.get("s2")).toBe("a2");
    expect(last.get("s3")).toBe("a0");
    expect(last.get("s1200")).toBe("a0");
    expect(last.has("unknown")).toBe(false);
  });
});
