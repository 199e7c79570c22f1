import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { CloudAdapter, TurnContext } from "botbuilder";

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

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | "too_large" | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > TEAMS_BODY_LIMIT_BYTES) return "too_large";
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /api/messages` on Node's http server, without Express or Restify: reads the JSON body
 * (bounded), hands it to CloudAdapter.process, and keeps count of requests still in progress.
 */
export function listenerFor(
  adapter: CloudAdapter,
  onTurn: (turn: TurnContext) => Promise<void>,
  onError: (error: unknown) => void,
): RequestListener & { idle(): Promise<void> } {
  const inflight = new Set<Promise<unknown>>();
  const listener: RequestListener = (req, res) => {
    const work = (async () => {
      if (req.method !== "POST") {
        res.writeHead(405, { allow: "POST" }).end();
        return;
      }
      const body = await readJson(req);
      if (body === "too_large" || body === undefined) {
        res.writeHead(body === "too_large" ? 413 : 400).end();
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
