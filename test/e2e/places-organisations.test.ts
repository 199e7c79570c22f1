import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, TEAM_CHANNEL, TENANT, teamsActivity, teamsCommand } from "../contract/teams.ts";
import { slackView, teamsView } from "../support/display.ts";
import { buttonClick, postInteraction, postSlashCommand, viewSubmission } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";
import { RecordingConnector } from "../support/teams-connector.ts";

const REFUSAL = "Questo servizio non è attivo per la vostra organizzazione";
const SERVED_TEAM = "T0SERVED";
const SERVED_TENANT = "tenant-served";
const CASE = "FAM-2027-600";

/**
 * The bot serves only the Slack workspaces and Teams tenants its operator lists: a request from
 * anywhere else gets one polite refusal, and nothing is read, written or looked up — a case code
 * can be neither claimed nor probed from outside.
 */
describe("only the organisations the operator lists", () => {
  const h = new SlackHarness();
  const teams = new RecordingConnector();

  beforeAll(async () => {
    await teams.start();
    for (const person of Object.values(PEOPLE)) teams.roster.set(person.id, person);
    await h.start({ env: { SLACK_ALLOWED_TEAMS: SERVED_TEAM, TEAMS_ALLOWED_TENANTS: SERVED_TENANT } });
  });
  afterAll(async () => {
    await h.stop();
    await teams.close();
  });

  /** Everything a request from outside must leave untouched. */
  async function footprint() {
    const db = h.db;
    return {
      equipes: await db.equipe.count(),
      deliveries: await db.processedDelivery.count(),
      queue: await db.queueItem.count(),
      audit: await db.auditEntry.count(),
      adapterState: await db.adapterRecord.count(),
      requests: await db.bindingRequest.count(),
    };
  }

  it("refuses a Slack workspace that is not listed, in the acknowledgement, touching nothing", async () => {
    const before = await footprint();
    const calls = h.api.calls.length;
    for (const text of [`configura ${CASE}`, "aiuto", `stato ${CASE}`]) {
      const response = await postSlashCommand(h.running.url, {
        userId: "U0OUT",
        text,
        teamId: "T0ELSEWHERE",
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { response_type: string; text: string; blocks: unknown[] };
      expect(body.response_type).toBe("ephemeral");
      expect(slackView(body).text).toContain(REFUSAL);
    }
    // Clicks and forms from outside (no message of ours can be there) are dropped unread.
    await postInteraction(h.running.url, {
      ...buttonClick("U0OUT", "binding:approve", crypto.randomUUID()),
      team: { id: "T0ELSEWHERE" },
      user: { id: "U0OUT", team_id: "T0ELSEWHERE" },
    });
    await postInteraction(h.running.url, {
      ...viewSubmission("U0OUT", "C0X", {}, "convene"),
      team: { id: "T0ELSEWHERE" },
      user: { id: "U0OUT", team_id: "T0ELSEWHERE" },
    });
    await h.settle();
    expect(await footprint()).toEqual(before);
    // Not even a look-up of the person in Slack's directory (Bolt checks its own token once, no more).
    expect(h.api.calls.slice(calls).filter((c) => c.method !== "auth.test")).toEqual([]);
  });

  it("serves a listed workspace as usual", async () => {
    await postSlashCommand(h.running.url, {
      userId: "U0COORD",
      text: `configura ${CASE}`,
      teamId: SERVED_TEAM,
    });
    await h.settle();
    expect(await h.db.equipe.count()).toBe(1);
    expect(h.lastEphemeral("U0COORD")).toContain(`Canale collegato all'équipe del caso ${CASE}`);
  });

  async function post(activity: Record<string, unknown>) {
    const response = await fetch(`${h.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    await h.settle();
  }

  /** An activity as the given tenant's Teams would post it. */
  function inTenant(activity: Record<string, unknown>, tenant: string) {
    const conversation = activity.conversation as Record<string, unknown>;
    const channelData = activity.channelData as Record<string, unknown>;
    return {
      ...activity,
      conversation: { ...conversation, tenantId: tenant },
      channelData: { ...channelData, tenant: { id: tenant } },
    };
  }

  it("refuses a Teams tenant that is not listed, once per message, touching nothing", async () => {
    const before = await footprint();
    // The case exists (claimed from Slack above): from outside, claiming and probing read alike.
    await post(inTenant(teamsCommand(teams.url, PEOPLE.stranger, `configura ${CASE}`), TENANT));
    await post(inTenant(teamsCommand(teams.url, PEOPLE.stranger, "configura FAM-2027-999"), TENANT));
    const replies = teams.inConversation(TEAM_CHANNEL).map((p) => teamsView(p.activity).text);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain(REFUSAL);
    expect(replies[1]).toBe(replies[0]);
    // Installing the app there is answered with the same refusal instead of the help text.
    const install = inTenant(
      teamsActivity(teams.url, PEOPLE.stranger, {
        type: "conversationUpdate",
        membersAdded: [{ id: "28:equipe-bot", name: "Équipe" }],
      }),
      TENANT,
    );
    await post(install);
    // A card submission from there is dropped unanswered.
    await post(
      inTenant(
        teamsActivity(teams.url, PEOPLE.stranger, {
          value: { equipe: "action", actionId: "binding:approve", value: crypto.randomUUID() },
        }),
        TENANT,
      ),
    );
    const after = teams.inConversation(TEAM_CHANNEL).map((p) => teamsView(p.activity).text);
    expect(after).toHaveLength(3);
    expect(after[2]).toContain(REFUSAL);
    expect(teams.createdConversations).toEqual([]);
    expect(await footprint()).toEqual(before);
  });

  it("serves a listed tenant as usual", async () => {
    await post(inTenant(teamsCommand(teams.url, PEOPLE.coord, "aiuto"), SERVED_TENANT));
    const replies = teams.inConversation(teams.personalConversationOf(PEOPLE.coord.id));
    expect(replies.map((p) => JSON.stringify(p.activity)).join("\n")).toContain("Ruoli:");
  });
});
