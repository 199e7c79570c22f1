import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One message as the bot left it in a conversation (its latest version, after updates). */
export interface PostedActivity {
  conversationId: string;
  id: string;
  activity: Record<string, unknown>;
  /** How many times it was replaced in place. */
  updates: number;
  replyToId: string | undefined;
}

export interface RosterEntry {
  id: string;
  name: string;
  email?: string;
}

type Failure = { status: number; headers?: Record<string, string> };

/**
 * Stands in for the Bot Connector service (the activity's `serviceUrl` points here): records
 * every activity the bot sends or updates, opens one-to-one conversations, and answers roster
 * look-ups from a list the test sets. Conversations are keyed by their base id (no `;messageid`).
 */
export class RecordingConnector {
  private server: Server | undefined;
  private next = 0;
  readonly posted: PostedActivity[] = [];
  /** Every activity the bot sent, each version of an updated one included, in order. */
  readonly sent: Record<string, unknown>[] = [];
  readonly roster = new Map<string, RosterEntry>();
  /** Users for whom the app is not installed: opening a chat with them is refused (403). */
  readonly unreachable = new Set<string>();
  readonly createdConversations: { userId: string; conversationId: string }[] = [];
  readonly authorizations: string[] = [];
  /** Files written to the stand-in OneDrive upload URL (`<url>onedrive/<name>`), by name. */
  readonly uploads = new Map<string, { body: string; contentRange: string }>();
  private readonly failures: Failure[] = [];
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((ready) => this.server?.listen(0, "127.0.0.1", ready));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server?.close(() => done()));
  }

  /** The next activity send or update fails with this status (e.g. 429 with Retry-After). */
  failNext(status: number, headers?: Record<string, string>): void {
    this.failures.push({ status, ...(headers ? { headers } : {}) });
  }

  personalConversationOf(userId: string): string {
    return `a:personal-${userId}`;
  }

  inConversation(conversationId: string): PostedActivity[] {
    return this.posted.filter((p) => p.conversationId === conversationId);
  }

  find(activityId: string): PostedActivity | undefined {
    return this.posted.find((p) => p.id === activityId);
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const upload = /^\/onedrive\/([^/]+)$/.exec(req.url ?? "");
    if (upload?.[1] && req.method === "PUT") {
      // OneDrive's upload session: the whole file in one range, answered 201 with the item.
      const name = decodeURIComponent(upload[1]);
      this.uploads.set(name, { body: raw, contentRange: String(req.headers["content-range"] ?? "") });
      return { status: 201, body: { id: `item-${name}`, name, size: chunks.length } };
    }
    const body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
    this.authorizations.push(String(req.headers.authorization ?? ""));
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const parts = path.split("/").filter(Boolean); // v3, conversations, <id>, activities|members, <id>
    if (parts[0] !== "v3" || parts[1] !== "conversations")
      return { status: 404, body: { error: { code: "NotFound" } } };
    const conversationId = (parts[2] ?? "").split(";")[0] ?? "";

    if (req.method === "POST" && parts.length === 2) {
      const member = (body.members as { id: string }[] | undefined)?.[0]?.id ?? "";
      if (this.unreachable.has(member))
        return { status: 403, body: { error: { code: "Forbidden", message: "BotNotInConversationRoster" } } };
      const id = this.personalConversationOf(member);
      this.createdConversations.push({ userId: member, conversationId: id });
      return { status: 201, body: { id, activityId: "" } };
    }
    if (parts[3] === "members" && req.method === "GET") {
      const entry = this.roster.get(parts[4] ?? "");
      if (entry === undefined)
        return {
          status: 404,
          body: { error: { code: "MemberNotFoundInConversation", message: "not found" } },
        };
      return {
        status: 200,
        body: {
          id: entry.id,
          name: entry.name,
          email: entry.email,
          userPrincipalName: entry.email,
          aadObjectId: `aad-${entry.id}`,
          tenantId: "tenant-equipe",
          userRole: "user",
        },
      };
    }
    if (parts[3] === "activities") {
      const failure = this.failures.shift();
      if (failure)
        return {
          status: failure.status,
          body: { error: { code: "Throttled" } },
          ...(failure.headers ? { headers: failure.headers } : {}),
        };
      if (req.method === "PUT") {
        const existing = this.posted.find((p) => p.id === parts[4]);
        if (existing === undefined) return { status: 404, body: { error: { code: "ActivityNotFound" } } };
        existing.activity = body;
        existing.updates += 1;
        this.sent.push(body);
        return { status: 200, body: { id: existing.id } };
      }
      if (req.method === "POST") {
        this.next += 1;
        const id = `act-${this.next}`;
        this.posted.push({ conversationId, id, activity: body, updates: 0, replyToId: parts[4] });
        this.sent.push(body);
        return { status: 201, body: { id } };
      }
    }
    return { status: 404, body: { error: { code: "NotFound" } } };
  }
}
