import { describe, expect, it } from "vitest";
import { CollisionGate, outsideGates } from "../../src/infra/collision-gate.ts";

/** A unit that runs until told to finish, recording when it went in. */
function unit(gate: CollisionGate, alone: boolean, name: string, log: string[]) {
  let finish!: () => void;
  const finished = new Promise<void>((done) => {
    finish = done;
  });
  const ran = gate.run(alone, async () => {
    log.push(`in ${name}`);
    await finished;
    log.push(`out ${name}`);
  });
  return { finish, ran };
}

const turns = () => new Promise((done) => setImmediate(done));

describe("collision gate", () => {
  it("runs shared units side by side", async () => {
    const gate = new CollisionGate();
    const log: string[] = [];
    const a = unit(gate, false, "a", log);
    const b = unit(gate, false, "b", log);
    await turns();
    expect(log).toEqual(["in a", "in b"]);
    expect(gate.running).toBe(2);
    a.finish();
    b.finish();
    await Promise.all([a.ran, b.ran]);
  });

  it("runs a unit retried after a collision alone: the running ones finish first, newcomers wait for it", async () => {
    const gate = new CollisionGate();
    const log: string[] = [];
    const a = unit(gate, false, "a", log);
    const retried = unit(gate, true, "retried", log);
    const late = unit(gate, false, "late", log);
    await turns();
    expect(log).toEqual(["in a"]);
    a.finish();
    await a.ran;
    await turns();
    expect(log).toEqual(["in a", "out a", "in retried"]);
    expect(gate.running).toBe(1);
    retried.finish();
    await retried.ran;
    await turns();
    expect(log).toEqual(["in a", "out a", "in retried", "out retried", "in late"]);
    late.finish();
    await late.ran;
    expect(gate.running).toBe(0);
    // What the collision cost the process: the retried unit and the newcomer each waited once.
    expect(gate.waited.waits).toBe(2);
  });

  it("counts no wait while no unit runs alone", async () => {
    const gate = new CollisionGate();
    const log: string[] = [];
    const units = [unit(gate, false, "a", log), unit(gate, false, "b", log), unit(gate, false, "c", log)];
    await turns();
    for (const each of units) each.finish();
    await Promise.all(units.map((each) => each.ran));
    expect(gate.waited).toEqual({ waits: 0, ms: 0 });
  });

  it("lets a unit nested in another through, and what a unit starts outside waits its turn", async () => {
    const gate = new CollisionGate();
    const log: string[] = [];
    let started: Promise<void> | undefined;
    let done: Promise<void> | undefined;
    const blocker = unit(gate, false, "blocker", log);
    await gate.run(false, async () => {
      log.push("outer");
      // A unit retried alone comes (from elsewhere): it waits for the two running.
      const alone = outsideGates(() => unit(gate, true, "alone", log));
      await turns();
      // A unit nested in this one must not queue behind it: it would wait forever.
      await gate.run(false, async () => {
        log.push("nested");
      });
      // Started from inside but outside the gates (the dispatcher woken by a commit): it queues.
      started = outsideGates(() =>
        gate.run(false, async () => {
          log.push("woken");
        }),
      );
      await turns();
      expect(log).toEqual(["in blocker", "outer", "nested"]);
      blocker.finish();
      alone.finish();
      done = alone.ran;
    });
    await blocker.ran;
    await done;
    await started;
    expect(log).toEqual(["in blocker", "outer", "nested", "out blocker", "in alone", "out alone", "woken"]);
  });

  it("lets the next ones in when a unit fails", async () => {
    const gate = new CollisionGate();
    await expect(
      gate.run(true, async () => {
        throw new Error("collided");
      }),
    ).rejects.toThrow("collided");
    await expect(gate.run(false, async () => "ran")).resolves.toBe("ran");
    expect(gate.running).toBe(0);
  });
});
