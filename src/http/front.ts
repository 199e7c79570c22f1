import {
  Agent,
  createServer,
  request as forwardRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { MessagePort } from "node:worker_threads";
import {
  acknowledgedInFront,
  answer,
  header,
  isSigned,
  onHeaders,
  parseSlackBody,
} from "../../adapters/slack/envelope.ts";
import { BAD_REQUEST, pathOf } from "./answers.ts";
import { cutOffPast, declaredBody, readWhole } from "./body-limit.ts";
import { kernelThreadId } from "./front-precedence.ts";
import { dropUnlessCompleteWithin } from "./platform-endpoint.ts";

/**
 * The front thread (a worker of the server's process): it owns the public socket, so that an
 * acknowledgement never waits for the main thread, where work, delivery and the garbage collector
 * take their turns. It answers Slack's requests that want nothing but an empty 200 itself, when
 * their timestamp is fresh, their signature checks out and their envelope is the shape our
 * listeners read (`acknowledgedInFront`): an Events API delivery and our slash command from a
 * workspace served, as the main thread would have acknowledged them without waiting for room in
 * the work queue (Bolt acknowledges an event before any middleware; a command goes ahead of the
 * line); a click (`block_actions`) while the work queue has room. Such a request is acknowledged at
 * once and handed over to the main thread, which does its work as Bolt would have after its own
 * acknowledgement. Every other request goes to the main thread's server as it came, over a socket
 * in a directory only this process's user can open, with the client's address in `PEER_HEADER`;
 * so do a click when the work queue is full (the main thread then makes Slack wait for room, as it
 * always did), and any of them while `pendingMax` handed over are still to reach the main thread
 * (stalled, it then answers at its own pace: the handing over is bounded).
 */

/** The header that carries the client's address to the main thread; a client's own is dropped. */
export const PEER_HEADER = "x-equipe-peer";
/** The main thread's `Connection` header for the client's connection (see `closesTheClients` in app.ts). */
export const CONNECTION_HEADER = "x-equipe-connection";

export interface FrontOptions {
  port: number;
  host: string;
  /** The main thread's server: the path of its Unix socket. */
  upstream: string;
  /** Node's server timeouts, as the main thread's server has them (src/http/app.ts). */
  timeouts: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
  /**
   * The chat platforms' webhooks and their bodies' bounds, kept on the public socket as the main
   * thread keeps them (src/http/platform-endpoint.ts): a chunked body is cut off at the first byte
   * past its limit, a body still coming after its time is dropped, the client's connection with it.
   */
  platforms: readonly PlatformBounds[];
  /**
   * Slack over HTTP: where its requests come (one of `platforms`), its signing secret, and the
   * workspaces served (undefined: every one), as the main thread's listeners have them.
   */
  slack?: { path: string; signingSecret: string; allowedTeams?: readonly string[] | undefined };
  /**
   * Shared with the main thread, as Int32s: [ROOM] 1 while its work queue has room for more;
   * [HANDED] requests handed over so far (counted before each is acknowledged); [ARRIVED] those
   * of them arrived on the main thread.
   */
  shared: SharedArrayBuffer;
  /** Requests handed over and not yet arrived on the main thread, at most (`HANDED_PENDING_MAX`). */
  pendingMax?: number;
}

export interface PlatformBounds {
  path: string;
  methods: "POST" | "all";
  bodyLimit: number;
  bodyTimeoutMs: number;
}

/** The route the metrics name for an answer of the front thread's own outside the webhooks. */
export const FRONT_ROUTE = "(front)";

/** How long a connection to the main thread is kept idle (under Node's 5 s keep-alive timeout). */
const IDLE_UPSTREAM_MS = 4_000;

/** Where in `FrontOptions.shared`. */
export const ROOM = 0;
export const HANDED = 1;
export const ARRIVED = 2;
export const SHARED_INTS = 3;
/**
 * Requests handed over and still on their way, at most: past it, the main thread is not taking them
 * up (stalled), and the next requests go to it as they came, to be answered at its pace.
 */
export const HANDED_PENDING_MAX = 500;

/** A request acknowledged here, for the main thread's work: its body and what Bolt reads of its headers. */
export interface HandedRequest {
  type: "handed";
  body: Uint8Array;
  contentType: string | undefined;
  retryNum: string | undefined;
  retryReason: string | undefined;
}

export type FrontMessage =
  /** `thread`: the front thread's id in the kernel, where the system says it (see front-precedence.ts). */
  | { type: "listening"; address: AddressInfo; thread: number | undefined }
  | { type: "failed"; code: string | undefined; message: string }
  | HandedRequest
  /** A request the front thread answered itself, for the request metrics and the log. */
  | { type: "answered"; route: string; method: string; status: number; seconds: number }
  | { type: "log"; event: string; fields: Record<string, string | number | boolean> }
  | { type: "closed" };

export type FrontCommand = { type: "close" };

/** Headers that describe one connection, not the request: never passed on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  PEER_HEADER,
  CONNECTION_HEADER,
]);

/**
 * A message's headers as they came (a repeated one stays repeated), without the hop-by-hop ones.
 * Their names are the client's: kept in an object without a prototype, so that `__proto__` is a
 * header like any other.
 */
function passedOn(rawHeaders: string[]): OutgoingHttpHeaders {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (HOP_BY_HOP.has(name)) continue;
    const before = headers[name];
    headers[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return headers;
}

export function runFront(options: FrontOptions, port: MessagePort): void {
  const post = (message: FrontMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  const log = (event: string, fields: Record<string, string | number | boolean> = {}) =>
    post({ type: "log", event, fields });
  const shared = new Int32Array(options.shared);
  const pendingMax = options.pendingMax ?? HANDED_PENDING_MAX;
  // Connections to the main thread are kept for the next request, and let go after 4 s idle:
  // before the main thread's server lets go of them itself (Node's keep-alive timeout, 5 s), so
  // that a request is never sent on a connection being closed at the other end.
  const agent = new Agent({ keepAlive: true, timeout: IDLE_UPSTREAM_MS });

  /**
   * An answer of the front thread's own (the main thread's answers are counted there), in JSON,
   * closing the connection, and counted like every answer. Its route is its path only where that
   * is a platform's webhook: any other path may carry a capability token.
   */
  function answerJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
    const started = process.hrtime.bigint();
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", connection: "close" });
    res.end(JSON.stringify(body));
    const path = pathOf(req.url ?? "/");
    post({
      type: "answered",
      route: options.platforms.some((platform) => platform.path === path) ? path : FRONT_ROUTE,
      method: req.method ?? "",
      status,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }

  /**
   * The request to the main thread's server, `body` as already read or the rest of the stream.
   * What the main thread answers is passed back as it comes. A connection the main thread drops
   * (a body past its limit, too slow) drops the client's too, as it would have directly.
   */
  function forward(req: IncomingMessage, res: ServerResponse, body?: Buffer): void {
    const headers = passedOn(req.rawHeaders);
    headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    // The body keeps its framing on the way: Node's client would send a GET's body (and any body
    // without a length) unframed, and the main thread would read it as a request of its own, on a
    // connection that serves other clients too. A body comes with its length, or chunked (the one
    // coding Node reads a request's body in), or there is none (and the stream piped ends at once).
    const coding = req.headers["transfer-encoding"];
    if (body !== undefined) headers["content-length"] = String(body.length);
    else if (coding !== undefined) {
      if (coding.trim().toLowerCase() !== "chunked") {
        answerJson(req, res, 400, BAD_REQUEST);
        return;
      }
      headers["transfer-encoding"] = "chunked";
      // (Node refuses a request with both; were one to pass, its length would not be the body's.)
      delete headers["content-length"];
    }
    const upstream = forwardRequest({
      socketPath: options.upstream,
      method: req.method,
      path: req.url,
      headers,
      agent,
    });
    upstream.on("response", (answer) => {
      const answerHeaders = passedOn(answer.rawHeaders);
      // The main thread's "close" (a body refused unread, say) is the client's connection's.
      const connection = answer.headers[CONNECTION_HEADER];
      if (typeof connection === "string") answerHeaders.connection = connection;
      res.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(res);
      answer.on("error", () => res.destroy());
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      req.unpipe(upstream);
      // Answered already: the answer stands (the main thread's side ends here).
      if (res.headersSent) return;
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") {
        log("front.upstreamDown", { error: error.code });
        answerJson(req, res, 503, { error: "unavailable" });
        return;
      }
      // The main thread dropped the request unanswered (a body too slow): so is the client's.
      res.destroy();
    });
    // A client gone before its answer: the main thread's request ends with it.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    // Answered before the body was all passed on (refused unread, say): the rest of it is not the
    // main thread's, and what is left on the client's connection is discarded as Node's own server
    // does after an answer, while that connection closes.
    res.on("finish", () => {
      if (req.complete) return;
      req.unpipe(upstream);
      upstream.destroy();
      req.resume();
    });
    if (body !== undefined) upstream.end(body);
    else req.pipe(upstream);
  }

  /**
   * Slack's endpoint: a command, click or event acknowledged here when everything about it checks
   * out, the rest forwarded.
   */
  async function slackRequest(
    req: IncomingMessage,
    res: ServerResponse,
    slack: NonNullable<FrontOptions["slack"]>,
    bounds: PlatformBounds,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const answered = (status: number) =>
      post({
        type: "answered",
        route: slack.path,
        method: "POST",
        status,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    // Refused here as the main thread's gate would, the body unread (adapters/slack/gate.ts).
    const verdict = onHeaders(req, Date.now());
    if (verdict.kind === "stale" || verdict.kind === "unsigned") {
      log(`slack.request.${verdict.kind}`);
      answer(res, 401);
      answered(401);
      return;
    }
    // Slack's SSL check, a body too large or chunked: the main thread's gate answers it.
    if (verdict.kind !== "signed" || declaredBody(req, bounds.bodyLimit) !== "fits") return forward(req, res);
    let body: Buffer | undefined;
    try {
      body = await readWhole(req, bounds.bodyLimit);
    } catch {
      // The client went away mid-body (or it was too slow): nothing to answer.
      return;
    }
    if (body === undefined) return forward(req, res);
    let envelope: unknown;
    try {
      envelope = isSigned(slack.signingSecret, verdict.timestamp, body, verdict.signature)
        ? parseSlackBody(header(req, "content-type"), body)
        : undefined;
    } catch {
      envelope = undefined;
    }
    const kind = acknowledgedInFront(envelope, slack.allowedTeams);
    // A click only while the work queue has room (an event or a command goes in without waiting
    // for it); none while the main thread is not taking up what it was handed.
    if (
      kind === undefined ||
      (kind === "click" && Atomics.load(shared, ROOM) !== 1) ||
      Atomics.load(shared, HANDED) - Atomics.load(shared, ARRIVED) >= pendingMax
    )
      return forward(req, res, body);
    // Counted before the answer: whoever reads the answer then finds the request under way.
    Atomics.add(shared, HANDED, 1);
    answer(res, 200);
    answered(200);
    const copy = new Uint8Array(body);
    post(
      {
        type: "handed",
        body: copy,
        contentType: header(req, "content-type"),
        retryNum: header(req, "x-slack-retry-num"),
        retryReason: header(req, "x-slack-retry-reason"),
      },
      [copy.buffer as ArrayBuffer],
    );
  }

  const server = createServer(options.timeouts, (req, res) => {
    const path = pathOf(req.url ?? "/");
    const bounds = options.platforms.find(
      (platform) => platform.path === path && (platform.methods === "all" || req.method === "POST"),
    );
    if (bounds === undefined) return forward(req, res);
    // A declared length over the limit goes on with its body unread: the main thread answers 413.
    if (declaredBody(req, bounds.bodyLimit) === "counted") cutOffPast(req, bounds.bodyLimit);
    dropUnlessCompleteWithin(req, bounds.bodyTimeoutMs);
    const slack = options.slack;
    if (slack === undefined || slack.path !== path) return forward(req, res);
    slackRequest(req, res, slack, bounds).catch((error: unknown) => {
      log("front.failed", { error: error instanceof Error ? error.name : "unknown" });
      if (!res.headersSent) answerJson(req, res, 400, BAD_REQUEST);
    });
  });
  let listening = false;
  // Before it listens, an error is the start's failure (the port taken); after, one to log.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (listening) log("front.serverError", { error: error.code ?? error.name });
    else post({ type: "failed", code: error.code, message: error.message });
  });
  server.listen(options.port, options.host, () => {
    listening = true;
    post({ type: "listening", address: server.address() as AddressInfo, thread: kernelThreadId() });
  });

  port.on("message", (command: FrontCommand) => {
    if (command.type !== "close") return;
    // No new connections; those open finish the request under way, then close.
    server.close(() => {
      agent.destroy();
      post({ type: "closed" });
      port.close();
    });
    server.closeIdleConnections();
  });
}
