/**
 * An open-loop load of signed Slack button clicks, run in a process of its own (bench/round-trip.ts
 * starts it): a click every 1000/rate ms whatever the answers, so a server that falls behind is
 * measured as such rather than slowing the load down, and the server's work never delays the
 * sending or the timing of the requests. Prints one JSON line: each click's time to its answer.
 * Input (JSON in argv[2]): { url, rate, count, slots: ["meeting:slot", …], users, answers }.
 */
import { buttonClick, postInteraction } from "../test/support/slack-driver.ts";

interface Plan {
  url: string;
  rate: number;
  count: number;
  slots: string[];
  users: string[];
  answers: string[];
}

const plan = JSON.parse(process.argv[2] ?? "{}") as Plan;
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
