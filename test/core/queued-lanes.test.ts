import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { personPaced } from "../../adapters/slack/slack-adapter.ts";
import type { ServiceDeps } from "../../src/core/deps.ts";
import type { Request } from "../../src/core/request.ts";
import { QueuedCore, type WorkQueue } from "../../src/core/work-queue.ts";
import { createCore, registry } from "../../src/features/registry.ts";

/**
 * Which work goes ahead of the clicks waiting in the queue: what a person waits for at their
 * screen. A typed command, and a click that opens a form (Slack accepts a form's trigger for three
 * seconds: behind a burst of poll answers, "Dai il tuo parere" answered "too late").
 */
describe("QueuedCore: the units a person waits for go first", () => {
  const lanes: { key: string | undefined; first: boolean | undefined }[] = [];
  const work = {
    run: (_unit: () => Promise<unknown>, key?: string, first?: boolean) => {
      lanes.push({ key, first });
      return Promise.resolve();
    },
  } as unknown as WorkQueue;
  const core = new QueuedCore(createCore({} as ServiceDeps), work);
  const req: Request = {
    actor: { kind: "chat", user: { platform: "slack", workspaceId: "T1", userId: "U1" } },
    place: { kind: "private" },
  } as Request;

  it("a typed command and a form-opening click go first; a poll answer waits its turn", async () => {
    lanes.length = 0;
    await core.command(req, "stato", () => undefined);
    await core.action(req, "decide:answer", "00000000-0000-4000-8000-000000000000");
    await core.action(req, "equipe-choose:FAM-2025-014", "convoca");
    await core.action(req, "poll:yes", "x:y");
    await core.action(req, "no-such-button", "x");
    await core.submitForm(req, "decide:viewpoint", {}, "");
    expect(lanes.map((lane) => lane.first)).toEqual([true, true, true, false, false, true]);
    expect(new Set(lanes.map((lane) => lane.key)).size).toBe(1);
  });

  it("every action that opens a form says so (each `action({…})` in src/features and test/support that calls openForm)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : entry.name.endsWith(".ts")
            ? [join(dir, entry.name)]
            : [],
      );
    let opening = 0;
    // The features of tests too: a test's form-opening button must say so as the app's do.
    for (const file of [...files("src/features"), ...files("test/support")]) {
      const [, ...specs] = readFileSync(file, "utf8").split(/\baction\(\{/);
      for (const spec of specs) {
        if (!spec.includes("openForm(")) continue;
        opening += 1;
        expect(spec, `${file}: an action that opens a form without opensForm: true`).toMatch(
          /\bopensForm: true\b/,
        );
      }
    }
    expect(opening).toBeGreaterThanOrEqual(5);
    const declared = ["decide:answer", "decide:outcome"].map((id) => registry.action(id)?.def.opensForm);
    expect(declared).toEqual([true, true]);
  });

  it("Slack: a command, a form submitted and a form-opening click do not wait for room in a full line", () => {
    const direct = createCore({} as ServiceDeps);
    const click = (actionId: string) => ({ type: "block_actions", actions: [{ action_id: actionId }] });
    expect(personPaced({ command: "/equipe", text: "stato" }, direct)).toBe(true);
    expect(personPaced({ type: "view_submission", view: {} }, direct)).toBe(true);
    expect(personPaced(click("decide:answer"), direct)).toBe(true);
    expect(personPaced(click("decide:review-convene"), direct)).toBe(true);
    expect(personPaced(click("poll:yes"), direct)).toBe(false);
    expect(personPaced(click("constructor"), direct)).toBe(false);
    expect(personPaced({ type: "block_actions", actions: "x" }, direct)).toBe(false);
    expect(personPaced({ type: "event_callback" }, direct)).toBe(false);
    expect(personPaced(null, direct)).toBe(false);
  });
});
