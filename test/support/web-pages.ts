import { createHmac, randomUUID } from "node:crypto";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import { loadConfig } from "../../src/config.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { linkKeyFrom } from "../../src/core/links.ts";
import type { EquipeId, MemberId } from "../../src/domain/ids.ts";
import { type DocumentRef, SUMMARY } from "../../src/domain/summary.ts";
import { type RunningServer, type StartOptions, startServer } from "../../src/server.ts";
import { freshDb, type TestDb } from "./db.ts";
import { CHANNEL, FakeClock, type LogLine, slackCtx } from "./fakes.ts";
import { opened, queued } from "./sealed.ts";

/** The data key the server runs with here: tests derive page tokens from it, as the server does. */
export const WEB_DATA_KEY = Buffer.alloc(32, 11);

/** A clock that can be told to fail: the next request that reads it meets an internal error. */
export class FailingClock extends FakeClock {
  broken = false;
  override now(): Date {
    if (this.broken) throw new Error("the clock broke");
    return super.now();
  }
}

/**
 * Our real server with its web pages (no chat platform: the coordinator acts through the core,
 * as Slack would make them), its own database copy, and helpers to make personal links.
 */
export class PagesHarness {
  readonly clock = new FailingClock(new Date("2027-01-10T09:00:00Z"));
  readonly lines: LogLine[] = [];
  testDb!: TestDb;
  running!: RunningServer;

  /** `env`: more configuration; `log`: the server's log instead of `lines` (a real logger's). */
  constructor(private readonly options: { env?: Record<string, string>; log?: StartOptions["log"] } = {}) {}

  async start(): Promise<void> {
    this.testDb = await freshDb(WEB_DATA_KEY);
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: this.testDb.url,
      EQUIPE_DATA_KEY: WEB_DATA_KEY.toString("base64"),
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
    await this.testDb.dispose();
  }

  get url(): string {
    return this.running.url;
  }

  /** A command typed by a Slack user in the équipe's conversation. */
  run(user: string, text: string): Promise<void> {
    return this.running.core.command(slackCtx(user), text, parseSlackUserRef);
  }

  /** The coordinator convenes a meeting with these times (in the équipe's zone) and deadline. */
  convene(slots: string[], deadline: string, location = ""): Promise<void> {
    return this.running.core.submitForm(
      slackCtx("U0COORD"),
      "convene",
      { purpose: "t1", duration: "60", slots: slots.join("\n"), deadline, location },
      CHANNEL,
    );
  }

  async memberId(email: string): Promise<MemberId> {
    const member = await this.testDb.db.member.findFirstOrThrow({
      where: { email, removedAt: null },
      select: { id: true },
    });
    return member.id as MemberId;
  }

  /** A personal page link for the member, made as `/equipe link` makes one: its token. */
  async linkFor(memberId: MemberId): Promise<string> {
    const { deps } = this.running;
    const id = randomUUID();
    await deps.store.transaction((repos) =>
      repos.pageLinks.create(memberId, { id, tokenHash: deps.links.hashOf("page", id) }, this.clock.now()),
    );
    return pageToken(id);
  }

  /**
   * A summary editor link for a coordinator, made as `/equipe sintesi` makes one (or, given a
   * minutes document, as `/equipe verbale-incontro` does): its token.
   */
  async editLinkFor(memberId: MemberId, minutes = 60, document: DocumentRef = SUMMARY): Promise<string> {
    const { deps } = this.running;
    const id = randomUUID();
    const now = this.clock.now();
    const equipeId = (await this.testDb.db.member.findUniqueOrThrow({ where: { id: memberId } })).equipeId;
    await deps.store.transaction((repos) =>
      repos.summaries.issueEditLink(
        {
          id,
          tokenHash: deps.links.hashOf("edit", id),
          equipeId: equipeId as EquipeId,
          document,
          memberId,
          expiresAt: new Date(now.getTime() + minutes * 60_000),
        },
        now,
      ),
    );
    return editToken(id);
  }

  async revoke(memberId: MemberId): Promise<void> {
    await this.running.deps.store.transaction((repos) =>
      repos.pageLinks.revokeAll(memberId, this.clock.now()),
    );
  }

  /** The newest message queued for anyone, as plain text (what `stato` answered, say). */
  async newestMessage(): Promise<string> {
    const [row] = await queued(this.testDb.db, { kind: "message" }, { id: "desc" });
    if (row === undefined) throw new Error("no message queued");
    return plainMessage((JSON.parse(row.payload) as { message: Message }).message);
  }

  /**
   * Every row of every table but `except`, in a stable order, as text: two readings are equal
   * when nothing in those tables changed (rows added, removed or altered, a byte anywhere).
   */
  async tables(except: readonly string[] = ["AuditEntry"]): Promise<Record<string, string>> {
    // Nothing in flight: the outbox's own bookkeeping is not what a page did.
    await this.running.idle();
    const db = this.testDb.db;
    const postgres = db.kind === "postgresql";
    const names = (
      await db.$queryRawUnsafe<{ name: string }[]>(
        postgres
          ? "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
          : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    ).map((row) => row.name);
    const out: Record<string, string> = {};
    for (const name of names) {
      if (except.includes(name)) continue;
      // PostgreSQL has no rowid: the whole row, as text, orders every row the same way each time.
      const order = postgres ? `"${name}"::text` : "rowid";
      const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}" ORDER BY ${order}`);
      out[name] = JSON.stringify(rows, (_key, value: unknown) =>
        typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? [...value] : value,
      );
    }
    return out;
  }

  /**
   * The coordinator asks `participants` (every member still in the équipe, by default) their
   * viewpoint on `question` (stances, no family reason): the id of the decision opened.
   */
  async askEveryone(question: string, participants?: readonly string[]): Promise<string> {
    const db = this.testDb.db;
    const asked = participants ?? (await db.member.findMany({ where: { removedAt: null } })).map((m) => m.id);
    const known = new Set((await db.decision.findMany({ select: { id: true } })).map((d) => d.id));
    await this.running.core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question,
        context: "",
        kind: "stances",
        options: "",
        deadline: "2027-01-30 18:00",
        participants: asked.join(","),
        familyReason: "",
      },
      CHANNEL,
    );
    // The one decision opened now (several may share the fake clock's instant).
    const opened = (await db.decision.findMany({ select: { id: true } })).filter((d) => !known.has(d.id));
    if (opened.length !== 1 || opened[0] === undefined) throw new Error(`${opened.length} decisions opened`);
    return opened[0].id;
  }

  /** The decision that asks this question (questions are sealed at rest: looked for opened). */
  async decisionAsked(question: string) {
    const all = await this.testDb.db.decision.findMany({ orderBy: { createdAt: "asc" } });
    const found = all
      .map((row) => opened(this.testDb.db, "Decision", row))
      .find((d) => d.question === question);
    if (found === undefined) throw new Error(`no decision asks ${question}`);
    return found;
  }

  /** The équipe's audit trail entries with this action, oldest first. */
  audit(action: string) {
    return this.testDb.db.auditEntry.findMany({
      where: { action },
      orderBy: { createdAt: "asc" },
      select: { actorId: true, subjectId: true },
    });
  }
}

/** An editor link's token, derived from its row as the server derives it. */
export const editToken = (rowId: string): string =>
  createHmac("sha256", linkKeyFrom(WEB_DATA_KEY)).update(`edit:${rowId}`).digest("base64url");

/** A page link's token, derived from its row as the server derives it (HMAC under the link key). */
export const pageToken = (rowId: string): string =>
  createHmac("sha256", linkKeyFrom(WEB_DATA_KEY)).update(`page:${rowId}`).digest("base64url");

/** The équipe every web test starts from: a coordinator and an educator in chat, a mother and a psychologist outside it. */
export async function webEquipe(h: PagesHarness): Promise<void> {
  await h.run("U0COORD", "setup FAM-2027-021");
  await h.run("U0COORD", "add <@U0EDU> educatore");
  await h.run("U0COORD", "add-external mamma@example.org genitore Anna B.");
  await h.run("U0COORD", "add-external psi@example.org psicologo Paolo P.");
}

/** A form post, as a browser sends one (no redirect followed). */
export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
