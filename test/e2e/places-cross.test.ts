import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE, TEAM_CHANNEL, teamsActivity, teamsCommand } from "../contract/teams.ts";
import { slackView } from "../support/display.ts";
import { FakeClock } from "../support/fakes.ts";
import { buttonClick, viewSubmission } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";
import { RecordingConnector } from "../support/teams-connector.ts";

const CASE = "FAM-2027-500";
const SLACK_CHANNEL = "C0EQUIPE";
const COORD = "U0COORD";

/**
 * One case, two platforms: the school's Teams channel asks to join the équipe a social worker
 * coordinates on Slack. Nothing is bound until she approves from Slack; then the Teams channel is
 * told, the Slack channel hears of it, the Teams requester coordinates there (adding the Teams
 * people), and what the équipe posts in its conversations reaches both platforms.
 */
describe("an équipe bound to a Slack channel and a Teams conversation", () => {
  const slack = new SlackHarness();
  const teams = new RecordingConnector();
  const clock = new FakeClock(new Date("2027-11-01T08:00:00Z"));

  beforeAll(async () => {
    await teams.start();
    for (const person of Object.values(PEOPLE)) teams.roster.set(person.id, person);
    // Teams runs unauthenticated outside production: both platforms on one server.
    await slack.start({ clock });
  });
  afterAll(async () => {
    await slack.stop();
    await teams.close();
  });

  async function teamsSays(person: (typeof PEOPLE)[keyof typeof PEOPLE], text: string) {
    const response = await fetch(`${slack.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(teamsCommand(teams.url, person, text)),
    });
    expect(response.status).toBe(200);
    await slack.settle();
  }

  const slackPosts = (channel: string) =>
    slack.api
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === channel)
      .map((c) => slackView(c.args));
  const teamsTexts = (conversation: string) =>
    teams.inConversation(conversation).map((p) => JSON.stringify(p.activity));

  it("asks the Slack coordinator before the Teams conversation joins, then binds it on approval", async () => {
    await slack.command(COORD, `configura ${CASE}`, { channelId: SLACK_CHANNEL });
    await slack.settle();
    await teamsSays(PEOPLE.teacher, `configura ${CASE}`);
    // The Teams requester is told it waits; nothing is bound, nothing posted in the Teams channel.
    const personal = teams.personalConversationOf(PEOPLE.teacher.id);
    expect(teamsTexts(personal).join("\n")).toContain("ti scrivo appena qualcuno risponde");
    expect(teamsTexts(TEAM_CHANNEL)).toEqual([]);
    expect(await slack.db.channelBinding.count()).toBe(1);

    // The coordinator reads the question in her Slack DM, naming the platform, with the buttons.
    const question = slackPosts(`D${COORD}`).findLast((v) => v.buttons.length > 0);
    expect(question?.text).toContain("chiede di collegare una conversazione Teams");
    expect(question?.text).toContain(PEOPLE.teacher.name);
    const approve = question?.buttons.find((b) => b.actionId === "binding:approve");
    expect(approve).toBeDefined();
    await slack.interact(buttonClick(COORD, approve?.actionId ?? "", approve?.value ?? ""));
    await slack.settle();

    expect(await slack.db.channelBinding.count()).toBe(2);
    expect(teamsTexts(TEAM_CHANNEL).join("\n")).toContain(`ora collegata all'équipe del caso ${CASE}`);
    expect(
      slackPosts(SLACK_CHANNEL)
        .map((v) => v.text)
        .join("\n"),
    ).toContain("Anche una conversazione Teams è ora collegata");
    expect(teamsTexts(personal).join("\n")).toContain("Ora fai parte dell'équipe e la coordini");
  });

  it("lets the Teams requester add the Teams people; members are one list", async () => {
    await teamsSays(PEOPLE.teacher, `aggiungi <at>${PEOPLE.edu.name}</at> educatore`);
    const members = await slack.db.member.findMany({
      where: { removedAt: null },
      select: { platform: true, role: true, isCoordinator: true },
      orderBy: { createdAt: "asc" },
    });
    expect(members).toEqual([
      { platform: "slack", role: "social_worker", isCoordinator: true },
      { platform: "teams", role: "other", isCoordinator: true },
      { platform: "teams", role: "educator", isCoordinator: false },
    ]);
  });

  it("posts what the équipe posts in its conversations on both platforms", async () => {
    await slack.command(COORD, "convoca", { channelId: SLACK_CHANNEL });
    await slack.settle();
    const view = slack.api.callsTo("views.open").at(-1)?.args.view as { private_metadata: string };
    const response = await slack.interact(
      viewSubmission(
        COORD,
        view.private_metadata,
        {
          purpose: "microplanning",
          duration: "60",
          slots: "2027-11-10 15:00\n2027-11-11 15:00",
          deadline: "2027-11-05 12:00",
          location: "",
        },
        "convene",
      ),
    );
    expect(await response.text()).toBe("");
    await slack.settle();
    const onSlack = slackPosts(SLACK_CHANNEL).at(-1)?.text ?? "";
    expect(onSlack).toContain(CASE);
    const onTeams = teamsTexts(TEAM_CHANNEL).at(-1) ?? "";
    expect(onTeams).toContain(CASE);
    // The Teams educator is asked privately, on Teams.
    expect(teamsTexts(teams.personalConversationOf(PEOPLE.edu.id)).join("\n")).toContain(CASE);
  });

  it("treats the Teams personal chat as private: `stato` answers there", async () => {
    const personal = teams.personalConversationOf(PEOPLE.edu.id);
    const before = teamsTexts(personal).length;
    const activity = teamsActivity(teams.url, PEOPLE.edu, { text: "stato" }, "personal");
    const response = await fetch(`${slack.running.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    await slack.settle();
    const answer = teamsTexts(personal).slice(before).join("\n");
    expect(answer).toContain(CASE);
  });
});
