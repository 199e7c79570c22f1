/**
 * An open-loop load of signed Slack button clicks, run in a process of its own (bench/round-trip.ts
 * starts it): a click every 1000/rate ms whatever the answers, so a server that falls behind is
 * measured as such rather than slowing the load down, and the server's work never delays the
 * sending or the timing of the requests. Prints one JSON line: each click's time to its answer.
 * Input (JSON in argv[2]): { url, rate, count, slots: ["meeting:slot", …], users, answers }.
 *
 * Before the first timed click it opens its connections and runs its own code once (a few untimed
 * clicks signed with the wrong secret: refused before any work), then writes "started" on stderr:
 * a process's first request pays for its start (40–50 ms here), the client's cost, not the server's.
 */
import { buttonClick, postInteraction } from "../test/support/slack-driver.ts";
import { signedHeaders } from "../test/support/slack-signing.ts";

interface Plan {
  url: string;
  rate: number;
  count: number;
  slots: string[];
  users: string[];
  answers: string[];
}

const plan = JSON.parse(process.argv[2] ?? "{}") as Plan;
/** Connections opened before the timed clicks: more than a steady load keeps busy at once. */
const WARM_CONNECTIONS = 8;
for (let round = 0; round < 3; round += 1)
  await Promise.all(
    Array.from({ length: WARM_CONNECTIONS }, async () => {
      const click = buttonClick(plan.users[0] ?? "U0A", plan.answers[0] ?? "poll:yes", plan.slots[0] ?? "");
      const body = new URLSearchParams({ payload: JSON.stringify(click) }).toString();
      const response = await fetch(`${plan.url}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...signedHeaders("not-the-secret", body),
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 401)
        throw new Error(`a click signed with the wrong secret was answered ${response.status}`);
    }),
  );
process.stderr.write("started\n");
const every = 1000 / plan.rate;
const latencies: number[] = [];
const failures: number[] = [];
const started = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < plan.count; i += 1) {
  // Each click at its own time from the start, not after the one before: no drift, no waiting.
  const due = started + i * every;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const sent = performance.now();
  inFlight.push(
    postInteraction(
      plan.url,
      buttonClick(
        plan.users[i % plan.users.length] ?? "U0A",
        plan.answers[i % plan.answers.length] ?? "poll:yes",
        plan.slots[i % plan.slots.length] ?? "",
      ),
    ).then(
      async (response) => {
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - sent);
        else failures.push(response.status);
      },
      () => void failures.push(0),
    ),
  );
}
await Promise.all(inFlight);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ latencies, failures, seconds })}\n`);
