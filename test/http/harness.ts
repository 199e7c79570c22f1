import { connect } from "node:net";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { loadConfig } from "../../src/config.ts";
import { type RunningServer, type StartOptions, startServer } from "../../src/server.ts";
import { freshDb, TEST_DATA_KEY, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, type LogLine, slackCtx } from "../support/fakes.ts";
import { RecordingSlackApi } from "../support/slack-api.ts";
import { SIGNING_SECRET } from "../support/slack-driver.ts";

/** A clock that can be told to fail: the next request that reads it meets an internal error. */
export class BreakableClock extends FakeClock {
  broken: Error | undefined;
  override now(): Date {
    if (this.broken) throw this.broken;
    return super.now();
  }
}

/**
 * Our real server with both chat platforms on (Slack over HTTP against a recording Web API; Teams
 * unauthenticated, as for local use), its own database copy, and every log line it writes.
 */
export class HttpHarness {
  readonly api = new RecordingSlackApi();
  readonly clock = new BreakableClock(new Date("2027-01-10T09:00:00Z"));
  readonly lines: LogLine[] = [];
  testDb!: TestDb;
  running!: RunningServer;

  /** `env`: more configuration; `log`: the server's log instead of `lines` (a real logger's). */
  constructor(private readonly options: { env?: Record<string, string>; log?: StartOptions["log"] } = {}) {}

  async start(): Promise<void> {
    const apiUrl = await this.api.start();
    this.testDb = await freshDb();
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: this.testDb.url,
      EQUIPE_DATA_KEY: TEST_DATA_KEY.toString("base64"),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_API_URL: apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
      ...this.options.env,
    });
    this.running = await startServer(config, {
      skipMigrations: true,
      clock: this.clock,
      log: this.options.log ?? ((event, fields) => void this.lines.push({ event, fields })),
    });
  }

  async stop(): Promise<void> {
    await this.running.close();
    await this.api.close();
    await this.testDb.dispose();
  }

  /** An équipe set up by U0COORD in CHANNEL, and a poll convened there: two times on 3 February 2027. */
  async convenedPoll(caseCode: string): Promise<void> {
    const core = this.running.core;
    await core.command(slackCtx("U0COORD"), `setup ${caseCode}`, parseSlackUserRef);
    await core.submitForm(
      slackCtx("U0COORD"),
      "convene",
      {
        purpose: "microplanning",
        duration: "60",
        slots: "2027-02-03 15:00\n2027-02-03 17:00",
        deadline: "2027-01-20 12:00",
        location: "",
      },
      CHANNEL,
    );
  }

  get port(): number {
    return Number(new URL(this.running.url).port);
  }
}

/** What came back on a raw connection, and whether the server closed it. */
export interface RawExchange {
  /** Everything the server wrote, as text (empty: it answered nothing). */
  received: string;
  /** The server closed (or reset) the connection. */
  closed: boolean;
  /** Body bytes we managed to hand to the socket before that. */
  sent: number;
}

/**
 * Sends a request head and then only `body` of the body its Content-Length announces, and waits
 * for the server to answer and close: a server that waits for the rest never answers.
 */
export function announceAndStop(port: number, head: string[], body: string): Promise<RawExchange> {
  return new Promise((done, failed) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
    });
    socket.on("error", failed);
    socket.on("close", () => done({ received, closed: true, sent: Buffer.byteLength(body) }));
    socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
  });
}

/** Bytes of each chunk a chunked sender writes. */
const CHUNK_BYTES = 16 * 1024;

/**
 * Sends a chunked body without end, a chunk at a time as the socket takes them, until the server
 * answers or closes the connection (or `cap` bytes are sent: a server that reads on for ever).
 */
export function streamUntilStopped(port: number, head: string[], cap: number): Promise<RawExchange> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let sent = 0;
    let stopped = false;
    const stop = (closed: boolean) => {
      if (stopped) return;
      stopped = true;
      socket.destroy();
      done({ received, closed, sent });
    };
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1");
      // An answer while the body is still coming: the server is not reading any more of it.
      setImmediate(() => stop(false));
    });
    socket.on("error", () => stop(true));
    socket.on("close", () => stop(true));
    const chunk = `${CHUNK_BYTES.toString(16)}\r\n${"a".repeat(CHUNK_BYTES)}\r\n`;
    // A chunk a millisecond: the server reads on another thread (src/http/front.ts) as fast as this
    // one writes, the kernel's buffers grow with it, and a close it sent is seen only between writes.
    const more = () => {
      if (stopped) return;
      if (sent >= cap) return stop(false);
      sent += CHUNK_BYTES;
      if (socket.write(chunk)) setTimeout(more, 1);
      else socket.once("drain", more);
    };
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    more();
  });
}

/**
 * Sends a chunked request whose body is `body` cut into `pieces` chunks, asking the server to close
 * the connection once it has answered; resolves with everything it wrote.
 */
export function sendChunked(port: number, head: string[], body: string, pieces: number): Promise<string> {
  return new Promise((done, failed) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8");
    });
    socket.on("error", failed);
    socket.on("close", () => done(received));
    const bytes = Buffer.from(body);
    const size = Math.ceil(bytes.length / pieces);
    socket.write(`${head.join("\r\n")}\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n`);
    for (let at = 0; at < bytes.length; at += size) {
      const piece = bytes.subarray(at, at + size);
      socket.write(`${piece.length.toString(16)}\r\n`);
      socket.write(piece);
      socket.write("\r\n");
    }
    socket.write("0\r\n\r\n");
  });
}

/** The status line's code of a raw answer. */
export const statusOf = (received: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
