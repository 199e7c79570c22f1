import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Activity, CloudAdapter, TurnContext } from "botbuilder";
import { readWhole } from "../../src/http/body-limit.ts";
import { activitySchema } from "./payloads.ts";

/**
 * The largest activity Teams posts to the bot, in bytes. Microsoft documents the sizes that bound
 * it: a message a person types is about 28 KB at most ("Limits and specifications for Microsoft
 * Teams"), and a bot's own message, whose cards' data come back in submissions, at most 100 KB
 * counted in UTF-16 ("Format your bot messages"). Twice the larger leaves room for the activity's
 * envelope and for JSON's escapes; the HTTP server refuses a larger body before reading it.
 */
export const TEAMS_BODY_LIMIT_BYTES = 256 * 1024;

/** The request/response shape CloudAdapter.process expects, over Node's own http objects. */
function bridge(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
  return {
    request: {
      body,
      headers: req.headers as Record<string, string | string[] | undefined>,
      method: req.method,
    },
    response: {
      socket: req.socket,
      status(code: number) {
        res.statusCode = code;
      },
      header(name: string, value: unknown) {
        res.setHeader(name, String(value));
      },
      send(payload: unknown) {
        if (payload === undefined) return;
        const text = typeof payload === "string" ? payload : JSON.stringify(payload);
        res.setHeader(
          "content-type",
          typeof payload === "string" ? "text/plain; charset=utf-8" : "application/json",
        );
        res.write(text);
      },
      end() {
        res.end();
      },
    },
  };
}

/** JSON text as a value; undefined when it is not JSON. */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain JSON object (not null, not an array). */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The fields of an activity the Bot Framework's authentication reads, where the body gives them as text. */
function authenticationFields(value: unknown): Partial<Activity> {
  const body = isObject(value) ? value : {};
  return {
    ...(typeof body.channelId === "string" ? { channelId: body.channelId } : {}),
    ...(typeof body.serviceUrl === "string" ? { serviceUrl: body.serviceUrl } : {}),
  };
}

/**
 * The adapter this listener drives: CloudAdapter's `process`, and its authentication on its own,
 * so that a request is authenticated before anything in its body is looked at.
 */
export interface TeamsEndpointAdapter {
  process: CloudAdapter["process"];
  /** The Bot Framework's check of the Authorization header for this activity; throws when it fails. */
  authenticate(activity: Partial<Activity>, authHeader: string): Promise<unknown>;
  /** Whether a request must carry a token (an app id is configured). */
  readonly authenticated: boolean;
}

/**
 * `POST /api/messages` on Node's http server, without Express or Restify: reads the JSON body
 * (bounded), hands it to CloudAdapter.process, and keeps count of requests still in progress.
 */
export function listenerFor(
  adapter: TeamsEndpointAdapter,
  onTurn: (turn: TurnContext) => Promise<void>,
  onError: (error: unknown) => void,
  onMalformed: () => void = () => {},
): RequestListener & { idle(): Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  const listener: RequestListener = (req, res) => {
    const work = (async () => {
      if (req.method !== "POST") {
        res.writeHead(405, { allow: "POST" }).end();
        return;
      }
      // Who is asking comes first: with an app id, a request without a Bearer token is refused
      // with its body unread, and one whose token does not check out before its body is looked at.
      const authorization = req.headers.authorization ?? "";
      if (adapter.authenticated && !/^Bearer \S+$/.test(authorization)) {
        res.writeHead(401, { connection: "close" }).end();
        return;
      }
      const raw = await readWhole(req, TEAMS_BODY_LIMIT_BYTES);
      if (raw === undefined) {
        res.writeHead(413, { connection: "close" }).end();
        return;
      }
      const body = parseJson(raw);
      try {
        await adapter.authenticate(authenticationFields(body), authorization);
      } catch {
        res.writeHead(401).end();
        return;
      }
      // Then its shape, before botbuilder reads it (a body without a type, or a serviceUrl that is
      // not text, it would answer 500): an activity as every handler of ours reads it.
      if (!isObject(body) || !activitySchema.safeParse(body).success) {
        onMalformed();
        res.writeHead(400).end();
        return;
      }
      const { request, response } = bridge(req, res, body);
      await adapter.process(request, response, onTurn);
    })().catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500).end();
    });
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };
  return Object.assign(listener, {
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  });
}
