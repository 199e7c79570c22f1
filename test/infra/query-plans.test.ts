import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISSUE_SCALE, type Scale, type Seeded, seed } from "../../bench/seed.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLog } from "../../src/infra/log.ts";
import { purgeServed } from "../../src/infra/purge.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { captureStatements, explainAll, type PlanFinding, readsRows } from "../support/query-plans.ts";
import { RecordingSlackApi } from "../support/slack-api.ts";
import {
  buttonClick,
  postInteraction,
  postSlashCommand,
  SIGNING_SECRET,
  viewSubmission,
} from "../support/slack-driver.ts";

/**
 * Issue 15: every hot query indexed. A small database of the issue's shape is seeded and
 * analysed, the hot paths are driven through the real server (a slash command, a poll button
 * click, convening, a calendar feed, a personal page, the queue's claims, the purge), and every
 * statement they send is explained: none may read a table of the seeded size in full. The plan,
 * not a time, is what is checked; the times are `npm run bench`'s.
 */

/**
 * Enough rows that the planners weigh indexes as they will at size, and a quick seeding. The feed
 * user is in a few équipes of many, as at size (100 of 5,000): the list of its équipes' ids stays
 * short beside the table, so a planner looks them up as it will in service.
 */
const SMALL: Scale = { ...ISSUE_SCALE, equipes: 120, feedEquipes: 8 };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let testDb: TestDb;
let seeded: Seeded;
let running: RunningServer;
const api = new RecordingSlackApi();
const capture = captureStatements();
let findings: PlanFinding[] = [];
let answered = 0;
let convened = 0;

beforeAll(async () => {
  testDb = await freshDb();
  seeded = await seed(testDb.db, testDb.url, SMALL, TEST_DATA_KEY);
  // The planners' statistics, as a database in service has them: PostgreSQL's autovacuum gathers
  // them; the service never runs ANALYZE on SQLite, whose planner then goes by the indexes alone
  // (with statistics it found the index of a keyed message's versions by itself, and the test
  // missed that without them the supersede before each claim walked every message ever queued).
  if (testDb.db.kind === "postgresql") await testDb.db.$executeRawUnsafe("ANALYZE");
  running = await startServer(
    loadConfig({
      PORT: "0",
      DATABASE_URL: testDb.url,
      EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_API_URL: await api.start(),
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
    }),
    { skipMigrations: true, log: silentLog },
  );
  const ok = (response: Response) => {
    expect(response.status).toBe(200);
    return response.arrayBuffer();
  };
  capture.start();
  const { url } = running;
  // `stato` in a bound channel, by its coordinator.
  await ok(
    await postSlashCommand(url, {
      userId: seeded.channel.coordinator,
      channelId: seeded.channel.channelId,
      text: "stato",
    }),
  );
  await running.idle();
  // A poll button click, by a member of that équipe.
  await ok(
    await postInteraction(
      url,
      buttonClick(seeded.poll.userId, "poll:yes", `${seeded.poll.meetingId}:${seeded.poll.slotId}`),
    ),
  );
  await running.idle();
  // Convening, where no poll is open: the form's submission sends every member their poll.
  await ok(
    await postInteraction(
      url,
      viewSubmission(seeded.quiet.coordinator, seeded.quiet.channelId, {
        purpose: "t1",
        duration: "60",
        slots: `${day(10)} 10:00\n${day(11)} 10:00`,
        deadline: `${day(5)} 18:00`,
        location: "",
      }),
    ),
  );
  await running.idle();
  // The calendar feed of the member of many équipes, and a personal page.
  await ok(await fetch(`${url}/calendar/${seeded.feedToken}.ics`));
  await ok(await fetch(`${url}/p/${seeded.pageToken}`));
  // The queue: due jobs claimed, messages delivered (claimed above too), then the purge.
  await running.jobs.tick();
  await running.idle();
  await purgeServed(testDb.db, new Date());
  capture.stop();
  // The paths did their work, not an error message: the answer is recorded, the poll convened.
  answered = await testDb.db.availability.count({
    where: { slotId: seeded.poll.slotId, answer: "yes", member: { platformUserId: seeded.poll.userId } },
  });
  convened = await testDb.db.meeting.count({ where: { equipeId: seeded.quiet.equipeId, status: "polling" } });
  const statements = capture.statements().filter((s) => readsRows(s.sql));
  findings = await explainAll(testDb.db.kind, testDb.url, statements, new Set(Object.keys(seeded.rows)));
  // QUERY_PLANS_DUMP=<file>: every statement and its plan written there, to see what a fix changed.
  if (process.env.QUERY_PLANS_DUMP)
    writeFileSync(
      process.env.QUERY_PLANS_DUMP,
      findings.map((f) => `${f.fullScans.join(",")}\n${f.sql}\n${f.plan}\n`).join("\n"),
    );
}, 120_000);

afterAll(async () => {
  capture.uninstall();
  await running?.close();
  await api.close();
  await testDb?.dispose();
});

describe("hot queries at the issue's shape (issue 15)", () => {
  it("sends the statements of every hot path (the capture sees them)", () => {
    const tables = [
      "Meeting",
      "Availability",
      "Member",
      "ChannelBinding",
      "FeedToken",
      "PageLink",
      "QueueItem",
    ];
    for (const table of tables)
      expect(findings.some((f) => new RegExp(`["\`]${table}["\`]`).test(f.sql))).toBe(true);
    expect(answered).toBe(1);
    expect(convened).toBe(1);
  });

  it("reads no table of the seeded size in full", () => {
    const scans = findings
      .filter((f) => f.fullScans.length > 0)
      .map((f) => `${f.fullScans.join(", ")}:\n  ${f.sql}\n  ${f.plan.replaceAll("\n", "\n  ")}`);
    expect(scans).toEqual([]);
  });
});
