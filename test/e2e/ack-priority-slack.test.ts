import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postInteraction, viewSubmission } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";

const COORD = "U0COORD";
const CHANNEL = "C0EQUIPE";
const h = new SlackHarness();

beforeAll(async () => {
  await h.start();
  await h.command(COORD, "setup FAM-2026-070");
  await h.command(COORD, "add <@U0EDU> educator");
});
afterAll(() => h.stop());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("Slack: an acknowledgement's own statements are its own", () => {
  it("a form's check, answered in the acknowledgement, does not wait for the acknowledgements under way", async () => {
    const { priority } = h.running;
    const patience = priority.statementPatienceMs;
    // Statements of work wait a minute for acknowledgements here: a check that waited as work,
    // for another request's acknowledgement (held below) or its own, would time the test out.
    priority.statementPatienceMs = 60_000;
    const another = priority.urgent();
    try {
      const response = await postInteraction(
        h.running.url,
        viewSubmission(COORD, CHANNEL, {
          purpose: "t1",
          duration: "60",
          slots: `${day(10)} 10:00\n${day(11)} 10:00`,
          deadline: `${day(5)} 18:00`,
          location: "",
        }),
      );
      expect(response.status).toBe(200);
      // The check passed (a refused form answers with its errors).
      expect(await response.text()).toBe("");
    } finally {
      another();
      priority.statementPatienceMs = patience;
    }
    // The use case itself ran after, as work.
    await h.settle();
    expect(await h.db.meeting.count()).toBe(1);
  });
});
