/**
 * Load and scale (issue 15): the same commands timed on a database holding only what they need
 * and on one seeded at the issue's size (5,000 équipes × 12 members, 50,000 meetings, about
 * 1.4 M answers and viewpoints), in the same run, both servers up at once and every sample taken
 * on each in turn, so that what else the machine does lands on both alike. Each command is timed
 * from the request to the end of its work (the server idle again): Slack commands in a bound
 * channel (`stato`, `membri`, `decisione`, `calendario`, `convoca`, `aiuto`), a poll button click,
 * `GET /calendar/<token>.ics` of the member of 100 équipes, a personal web page. The target: each within 1.5× of the small database (medians).
 * It prints PASS/MISS per target and exits non-zero only when something does not work.
 * Run: npm run bench:scale   (env BENCH_SCALE=0.1 for a tenth of the size, BENCH_SAMPLES)
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { DATA_KEY_BYTES, loadConfig } from "../src/config.ts";
import { openDb } from "../src/infra/db.ts";
import { fieldCipher } from "../src/infra/field-cipher.ts";
import { silentLog } from "../src/infra/log.ts";
import { migrate } from "../src/infra/migrations.ts";
import { type RunningServer, startServer } from "../src/server.ts";
import { RecordingSlackApi } from "../test/support/slack-api.ts";
import {
  buttonClick,
  postInteraction,
  postSlashCommand,
  SIGNING_SECRET,
} from "../test/support/slack-driver.ts";
import { ISSUE_SCALE, type Scale, type Seeded, scaled, seed } from "./seed.ts";

/** The fraction of the issue's size seeded (1: the issue's). */
const FRACTION = Number(process.env.BENCH_SCALE ?? 1);
/** Samples per command on each database. */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
const WARMUP = 5;
/** The issue's target: every command within this ratio of the small database. */
const TARGET_RATIO = 1.5;

/** Only what the measured people are in: the feed user's équipes, nothing else. */
const SMALL: Scale = { ...ISSUE_SCALE, equipes: ISSUE_SCALE.feedEquipes };
const LARGE: Scale = scaled(FRACTION);

const dir = resolve(".tmp/bench-scale");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const dataKey = randomBytes(DATA_KEY_BYTES);
const api = new RecordingSlackApi();
const apiUrl = await api.start();

interface Side {
  name: string;
  server: RunningServer;
  seeded: Seeded;
}

/**
 * A migrated SQLite file seeded at `scale`: its URL and what was seeded. Not analysed: the
 * service never runs `ANALYZE`, so its planner has no statistics, and neither has this one's.
 */
async function seededFile(
  name: string,
  scale: Scale,
): Promise<{ name: string; databaseUrl: string; seeded: Seeded }> {
  const databaseUrl = `file:${resolve(dir, `${name}.db`)}`;
  await migrate(databaseUrl);
  const db = await openDb(databaseUrl, fieldCipher(dataKey));
  const t0 = performance.now();
  const seeded = await seed(db, databaseUrl, scale, dataKey);
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  const total = Object.values(seeded.rows).reduce((sum, n) => sum + n, 0);
  console.log(
    `${name}: ${scale.equipes} équipes seeded in ${seconds.toFixed(1)} s, ${total.toLocaleString("en")} rows ` +
      `(${Object.entries(seeded.rows)
        .map(([table, n]) => `${table} ${n.toLocaleString("en")}`)
        .join(", ")})`,
  );
  return { name, databaseUrl, seeded };
}

/**
 * Our server on a seeded file. Both files are seeded before either server starts: the seeding's
 * long synchronous writes would stall a server (and the recording Slack API) in this process.
 */
async function side({ name, databaseUrl, seeded }: Awaited<ReturnType<typeof seededFile>>): Promise<Side> {
  const t1 = performance.now();
  const server = await startServer(
    loadConfig({
      PORT: "0",
      DATABASE_URL: databaseUrl,
      EQUIPE_DATA_KEY: dataKey.toString("base64"),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_API_URL: apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
    }),
    { skipMigrations: true, log: silentLog },
  );
  console.log(`  server started on it in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return { name, server, seeded };
}

/** One command on one side: its request, which must answer 200. */
type Command = (s: Side, i: number) => Promise<Response>;

const ANSWERS = ["poll:yes", "poll:if_needed", "poll:no"];
/** `/equipe <text>` from the coordinator of the measured équipe (or the quiet one) in its channel. */
const slash =
  (text: string, where: "channel" | "quiet" = "channel"): Command =>
  (s) =>
    postSlashCommand(s.server.url, {
      userId: s.seeded[where].coordinator,
      channelId: s.seeded[where].channelId,
      text,
    });
const COMMANDS: Record<string, Command> = {
  "Slack /equipe stato": slash("stato"),
  // The équipe's members with how each is reached; its latest decision with every viewpoint; the
  // coordinator's calendar link; the convening form, in an équipe with no poll open (where one is
  // open, the answer is to confirm or cancel it first); the help.
  "Slack /equipe membri": slash("membri"),
  "Slack /equipe decisione": slash("decisione"),
  "Slack /equipe calendario": slash("calendario"),
  "Slack /equipe convoca": slash("convoca", "quiet"),
  "Slack /equipe aiuto": slash("aiuto"),
  "Slack poll button click": (s, i) =>
    postInteraction(
      s.server.url,
      buttonClick(
        s.seeded.poll.userId,
        ANSWERS[i % ANSWERS.length] ?? "poll:yes",
        `${s.seeded.poll.meetingId}:${s.seeded.poll.slotId}`,
      ),
    ),
  [`GET /calendar/<token>.ics (member of ${ISSUE_SCALE.feedEquipes} équipes)`]: (s) =>
    fetch(`${s.server.url}/calendar/${s.seeded.feedToken}.ics`),
  "GET /p/<token> (personal web page)": (s) => fetch(`${s.server.url}/p/${s.seeded.pageToken}`),
};

/** The command, timed from the request to the end of its work (the server idle again). */
async function timed(command: Command, s: Side, i: number): Promise<number> {
  const t0 = performance.now();
  const response = await command(s, i);
  const body = await response.text();
  await s.server.idle();
  const took = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${s.name}: HTTP ${response.status} (${body.length} bytes)`);
  return took;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const ms = (x: number) => `${x.toFixed(2)} ms`;

const smallFile = await seededFile("small", SMALL);
const largeFile = await seededFile(`seeded ×${FRACTION}`, LARGE);
const small = await side(smallFile);
const large = await side(largeFile);

// Each side's feed, first read (nothing remembered yet): its meetings read from the database.
for (const s of [small, large]) {
  const t0 = performance.now();
  const response = await fetch(`${s.server.url}/calendar/${s.seeded.feedToken}.ics`);
  const events = (await response.text()).split("BEGIN:VEVENT").length - 1;
  if (response.status !== 200 || events === 0)
    throw new Error(`${s.name}: feed HTTP ${response.status}, ${events} events`);
  console.log(`${s.name}: first feed read ${ms(performance.now() - t0)}, ${events} events`);
}

const verdicts: string[] = [];
for (const [name, command] of Object.entries(COMMANDS)) {
  const times = new Map<Side, number[]>([
    [small, []],
    [large, []],
  ]);
  for (let i = 0; i < WARMUP; i++) for (const s of [small, large]) await timed(command, s, i);
  // In turn, and each pair in the other order than the last.
  for (let i = 0; i < SAMPLES; i++)
    for (const s of i % 2 === 0 ? [small, large] : [large, small])
      times.get(s)?.push(await timed(command, s, i));
  const a = times.get(small) ?? [];
  const b = times.get(large) ?? [];
  const ratio = median(b) / median(a);
  console.log(
    `${name}: small median ${ms(median(a))} (p95 ${ms(p95(a))}), seeded median ${ms(median(b))} (p95 ${ms(p95(b))}), ratio ${ratio.toFixed(2)}`,
  );
  verdicts.push(
    `${ratio <= TARGET_RATIO ? "PASS" : "MISS"}  ${name} within ${TARGET_RATIO}× at size: ${ms(median(a))} → ${ms(median(b))} (${ratio.toFixed(2)}×)`,
  );
}

// The commands did their work: the clicks are recorded on both sides.
for (const s of [small, large]) {
  const answered = await s.server.db.availability.count({
    where: { slotId: s.seeded.poll.slotId, member: { platformUserId: s.seeded.poll.userId } },
  });
  if (answered !== 1) throw new Error(`${s.name}: the poll clicks left ${answered} answers`);
}

console.log(
  `\nTargets (issue 15), ${SAMPLES} samples each, SQLite, Node ${process.version}; small: ${SMALL.equipes} équipes, seeded: ${LARGE.equipes}:`,
);
for (const line of verdicts) console.log(`  ${line}`);

await small.server.close();
await large.server.close();
await api.close();
rmSync(dir, { recursive: true, force: true });
