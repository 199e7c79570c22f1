import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** What the stand-in answered (message ts and channel, for following updates). */
  response?: unknown;
}

type Responder = (args: Record<string, unknown>) => {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
};

/** The first file part of a multipart body (the body itself when it is not multipart). */
async function fileContent(body: Buffer, contentType: string): Promise<string> {
  if (!contentType.startsWith("multipart/form-data")) return body.toString("utf8");
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) return typeof value === "string" ? value : await value.text();
  return "";
}

/**
 * A stand-in for https://slack.com/api/ on loopback: the real `@slack/web-api` client is pointed
 * at it through SLACK_API_URL, and every call is recorded with its decoded arguments.
 */
export class RecordingSlackApi {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  /** Answers held open (see `holding`), ended when the stand-in closes. */
  private readonly open = new Set<ServerResponse>();
  private readonly overrides = new Map<string, Responder[]>();
  private ts = 1_700_000_000;
  private base = "";
  locales = new Map<string, string>();
  /** Real names users.info gives, by user id (none: the user id is all Slack shows). */
  names = new Map<string, string>();
  /** Files uploaded through files.uploadV2, by file id. */
  readonly uploads = new Map<string, string>();
  /** Methods whose calls are received and never answered (a caller killed with calls in flight). */
  readonly holding = new Set<string>();
  /** The calls received while their method was held: Slack got them; the caller never heard back. */
  readonly unanswered: RecordedCall[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const upload = /^\/upload\/(\w+)/.exec(req.url ?? "");
        if (upload?.[1]) {
          const fileId = upload[1];
          // The Web API client posts the bytes as multipart form data: keep the file's own content.
          void fileContent(Buffer.concat(chunks), req.headers["content-type"] ?? "").then((content) => {
            this.uploads.set(fileId, content);
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("OK");
          });
          return;
        }
        const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
        const args = decode(raw, req.headers["content-type"] ?? "");
        if (this.holding.has(method)) {
          this.unanswered.push({ method, args });
          this.open.add(res);
          res.on("close", () => this.open.delete(res));
          return;
        }
        const once = this.overrides.get(method)?.shift();
        const answer = once ? once(args) : { body: this.answer(method, args) };
        if (!once || (answer.status ?? 200) === 200) this.calls.push({ method, args, response: answer.body });
        res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((ready) => this.server?.listen(0, "127.0.0.1", ready));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return `${this.base}api/`;
  }

  /** The next call of `method` gets this answer instead (e.g. a 429 with Retry-After). */
  failNext(method: string, responder: Responder): void {
    const list = this.overrides.get(method) ?? [];
    list.push(responder);
    this.overrides.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    this.ts += 1;
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0EQUIPE", user: "equipe" };
      case "users.info": {
        const user = String(args.user);
        const name = this.names.get(user);
        return {
          ok: true,
          user: {
            id: user,
            locale: this.locales.get(user) ?? "it-IT",
            ...(name ? { real_name: name, profile: { real_name: name } } : {}),
          },
        };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case "chat.postMessage":
        return { ok: true, channel: args.channel, ts: `${this.ts}.000100` };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${this.ts}.000200` };
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "files.getUploadURLExternal": {
        const fileId = `F${this.ts}`;
        return { ok: true, file_id: fileId, upload_url: `${this.base}upload/${fileId}` };
      }
      case "files.completeUploadExternal":
        return { ok: true, files: [{ id: "F0" }] };
      case "views.open":
        return { ok: true, view: { id: `V${this.ts}` } };
      default:
        return { ok: true };
    }
  }
}

function decode(raw: string, contentType: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = value.startsWith("[") || value.startsWith("{") ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
