/**
 * The platforms' APIs for the bench, in a process of their own, as Slack's Web API and the Bot
 * Framework connector are in production: on another machine, not on the server's thread. In the
 * bench's own process, their work (reading each call, answering it, and keeping every call's
 * arguments as the tests' stand-ins do) would be counted as Équipe's: its garbage is collected
 * on the thread that acknowledges clicks.
 *
 * Started by `startStandIns` (bench/stand-in-process.ts) with `fork`, the roster of Teams people as
 * its argument. It sends `{ apiUrl, serviceUrl }` once both listen, answers `"calls"` with the
 * number of Slack Web API calls answered so far, and ends on `"close"`.
 */
import { RecordingSlackApi } from "../test/support/slack-api.ts";
import { RecordingConnector, type RosterEntry } from "../test/support/teams-connector.ts";

export interface StandInsReady {
  apiUrl: string;
  serviceUrl: string;
}

const send = (message: unknown) => {
  if (!process.send) throw new Error("bench/stand-ins.ts runs as a child of a bench (startStandIns)");
  process.send(message);
};

const api = new RecordingSlackApi();
const connector = new RecordingConnector();
const roster = JSON.parse(process.argv[2] ?? "[]") as RosterEntry[];
for (const person of roster) connector.roster.set(person.id, person);
const ready: StandInsReady = { apiUrl: await api.start(), serviceUrl: await connector.start() };
send(ready);
// The bench ended without a word (it threw): nothing left running behind it.
process.on("disconnect", () => process.exit(0));
process.on("message", (message) => {
  if (message === "calls") send({ calls: api.calls.length });
  if (message === "close") void Promise.all([api.close(), connector.close()]).then(() => process.exit(0));
});
