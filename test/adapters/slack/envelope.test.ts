import { describe, expect, it } from "vitest";
import { acknowledgedInFront, parseSlackBody } from "../../../adapters/slack/envelope.ts";
import { buttonClick, slashCommandBody, viewSubmission } from "../../support/slack-driver.ts";

/**
 * Which signed Slack requests the front thread may acknowledge itself (empty 200), told apart in
 * the order Bolt tells them apart: never one that Bolt would read as another kind, never one whose
 * answer is more than an empty 200.
 */

const FORM = "application/x-www-form-urlencoded";
const command = (input: Parameters<typeof slashCommandBody>[0], extra = "") =>
  parseSlackBody(FORM, Buffer.from(slashCommandBody(input) + extra));
const event = (type: string) => ({
  type: "event_callback",
  team_id: "T0EQUIPE",
  event_id: "Ev1",
  event: { type, channel_type: "im", channel: "D0A", user: "U0A", text: "aiuto" },
});
const SERVED = ["T0EQUIPE", "E0GRID"];

describe("acknowledgedInFront", () => {
  it("takes our command from a workspace served, an event, a click", () => {
    expect(acknowledgedInFront(command({ userId: "U0A", text: "stato" }), SERVED)).toBe("command");
    expect(
      acknowledgedInFront(
        command({ userId: "U0A", text: "", teamId: "T0X" }, "&enterprise_id=E0GRID"),
        SERVED,
      ),
    ).toBe("command");
    // No list: every workspace is served (development).
    expect(acknowledgedInFront(command({ userId: "U0A", text: "stato", teamId: "T0X" }), undefined)).toBe(
      "command",
    );
    expect(acknowledgedInFront(event("message"), SERVED)).toBe("event");
    expect(acknowledgedInFront(buttonClick("U0A", "poll:yes", "m1:s1"), SERVED)).toBe("click");
  });

  it("leaves to the main thread what wants more than an empty 200, or has no listener", () => {
    const refusedHere = [
      // Refused in the acknowledgement itself.
      command({ userId: "U0A", text: "stato", teamId: "T0ELSEWHERE" }),
      // No listener: Bolt lets it time out, and Slack tells the person.
      parseSlackBody(
        FORM,
        Buffer.from(slashCommandBody({ userId: "U0A", text: "" }).replace("%2Fequipe", "%2Faltro")),
      ),
      // Not the shape our listener reads.
      { command: "/equipe", text: "stato", team_id: "T0EQUIPE" },
      // Its listener may answer it.
      event("function_executed"),
      // Its answer is the challenge; a form's may carry the form's errors.
      { type: "url_verification", challenge: "c" },
      viewSubmission("U0A", "C0EQUIPE", { purpose: "x" }),
      // Bolt reads a body with a command as a command, and one with an event as an event.
      { ...buttonClick("U0A", "poll:yes", "m1:s1"), command: "/altro" },
      { ...buttonClick("U0A", "poll:yes", "m1:s1"), event: { type: "message" } },
      // Options, not a click; a click that is not the shape Bolt reads.
      { ...buttonClick("U0A", "poll:yes", "m1:s1"), type: "block_suggestion" },
      { ...buttonClick("U0A", "poll:yes", "m1:s1"), user: null },
      null,
      "command=/equipe",
    ];
    for (const envelope of refusedHere)
      expect(acknowledgedInFront(envelope, SERVED), JSON.stringify(envelope)).toBe(undefined);
  });
});
