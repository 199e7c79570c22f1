import { describe, expect, it } from "vitest";
import { textMessage } from "../../src/content/model.ts";
import { EmailChannel } from "../../src/infra/email-channel.ts";
import { HELD_REPORT_MS, type OutboxDispatcher } from "../../src/infra/outbox-dispatcher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import {
  type ChannelName,
  type ChannelPort,
  type DeliveredRef,
  DeliveryError,
  type Outgoing,
  type Undelivered,
} from "../../src/ports/channel.ts";
import { dispatcherSetup, pass } from "../support/dispatcher-setup.ts";
import { RecordingSmtp } from "../support/smtp.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

const setup = dispatcherSetup(NOW);
const { clock, dispatchers } = setup;
const dispatcher = (
  ports: Partial<Record<ChannelName, ChannelPort>>,
  onUndelivered?: (failure: Undelivered) => Promise<void>,
) => setup.dispatcher(ports, { onUndelivered });

const mail = (to: string, text: string): Outgoing => ({
  target: { kind: "email", to, locale: "it" },
  message: { ...textMessage([{ type: "text", text }]), subject: [{ type: "text", text: `Oggetto ${text}` }] },
  recipient: { equipeId: "e1", memberId: "m1" },
});
const chat = (text: string): Outgoing => ({
  target: { kind: "direct", platform: "slack", workspaceId: "T1", userId: "U1" },
  message: textMessage([{ type: "text", text }]),
  recipient: { equipeId: "e1", memberId: "m2" },
});

class RecordingPort implements ChannelPort {
  readonly seen: string[] = [];
  constructor(private readonly failure?: DeliveryError) {}
  async send(outgoing: Outgoing): Promise<DeliveredRef | undefined> {
    if (this.failure) throw this.failure;
    const block = outgoing.message.blocks[0];
    this.seen.push(block?.type === "text" && block.content[0]?.type === "text" ? block.content[0].text : "?");
    return undefined;
  }
  async update(): Promise<void> {}
}

describe("messages for a channel that is off", () => {
  it("are held, not failed, and go out in their order once a dispatcher has the channel", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) =>
      repos.outbox.enqueue(
        [mail("mamma@example.org", "invito"), chat("ciao"), mail("mamma@example.org", "spostato")],
        NOW,
      ),
    );
    const slack = new RecordingPort();
    // The server as started without SMTP_URL: chat goes, e-mail waits.
    await pass(dispatcher({ slack }));
    expect(slack.seen).toEqual(["ciao"]);
    const held = await setup.testDb.db.queueItem.findMany({
      where: { status: "held" },
      orderBy: { id: "asc" },
    });
    expect(held.map((row) => row.lastError)).toEqual(["email_off", "email_off"]);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "failed" } })).toBe(0);

    // A pass of the same dispatcher a minute later does not send them: e-mail is still off.
    clock.advance(2 * 60_000);
    await pass(dispatchers[0] as OutboxDispatcher);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "held" } })).toBe(2);

    // Restarted with SMTP_URL set: the held messages are released and delivered, oldest first.
    const smtp = new RecordingSmtp();
    const email = new EmailChannel(await smtp.start(), "Équipe <equipe@example.org>");
    try {
      const restarted = dispatcher({ slack, email });
      await pass(restarted);
      expect(smtp.messages.map((m) => m.subject)).toEqual(["Oggetto invito", "Oggetto spostato"]);
      expect(smtp.messages.map((m) => (m.to as { text: string }).text)).toEqual([
        "mamma@example.org",
        "mamma@example.org",
      ]);
      expect(await setup.testDb.db.queueItem.count({ where: { status: "held" } })).toBe(0);
      expect(await setup.testDb.db.queueItem.count({ where: { status: "done" } })).toBe(3);
    } finally {
      email.close();
      await smtp.close();
    }
  });

  it("a dispatcher releases only the channels it has", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([mail("a@example.org", "x"), chat("y")], NOW));
    await pass(dispatcher({}));
    expect(await setup.testDb.db.queueItem.count({ where: { status: "held" } })).toBe(2);
    const slack = new RecordingPort();
    const d = dispatcher({ slack });
    expect(d.channels()).toEqual(["slack"]);
    await pass(d);
    expect(slack.seen).toEqual(["y"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.lastError])).toEqual([
      ["held", "email_off"],
      ["done", null],
    ]);
  });
});

describe("a message that can never be delivered", () => {
  it("is parked and reported with its recipient, what it was about and why", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([mail("nessuno@example.org", "invito")], NOW));
    const reports: Undelivered[] = [];
    const email = new RecordingPort(new DeliveryError("smtp_550", false));
    await pass(
      dispatcher({ email }, async (failure) => {
        reports.push(failure);
      }),
    );
    expect(reports).toEqual([
      {
        target: { kind: "email", to: "nessuno@example.org", locale: "it" },
        recipient: { equipeId: "e1", memberId: "m1" },
        about: "Oggetto invito",
        reason: "emailRefused",
      },
    ]);
    const [row] = await setup.testDb.db.queueItem.findMany();
    expect([row?.status, row?.lastError]).toEqual(["failed", "smtp_550"]);
  });

  it("a chat refusal and a Teams app not installed are told apart", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([chat("a"), chat("b")], NOW));
    const reasons: string[] = [];
    let n = 0;
    const slack: ChannelPort = {
      async send() {
        n += 1;
        throw n === 1
          ? new DeliveryError("slack_user_not_found", false)
          : new DeliveryError("teams_unreachable_403", false, undefined, true);
      },
      async update() {},
    };
    await pass(
      dispatcher({ slack }, async (failure) => {
        reasons.push(failure.reason);
      }),
    );
    expect(reasons).toEqual(["chatRefused", "chatNotInstalled"]);
  });
});

describe("a message held a day and more", () => {
  it("is reported once as still waiting, stays held, and still goes out once the channel works", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) => repos.outbox.enqueue([mail("mamma@example.org", "invito")], NOW));
    const reports: Undelivered[] = [];
    const report = async (failure: Undelivered) => {
      reports.push(failure);
    };
    const without = dispatcher({}, report);
    await pass(without);
    expect(reports).toEqual([]);
    // Later the same day: nothing to report yet.
    clock.advance(HELD_REPORT_MS - 60_000);
    await pass(without);
    expect(reports).toEqual([]);
    clock.advance(2 * 60_000);
    await pass(without);
    expect(
      reports.map((r) => [
        r.reason,
        r.about,
        r.recipient && "memberId" in r.recipient ? r.recipient.memberId : undefined,
      ]),
    ).toEqual([["stillWaiting", "Oggetto invito", "m1"]]);
    // Once per message, however many passes follow.
    clock.advance(2 * 60_000);
    await pass(without);
    expect(reports).toHaveLength(1);
    expect(await setup.testDb.db.queueItem.count({ where: { status: "held" } })).toBe(1);
    // E-mail comes up: the message goes out after all.
    const email = new RecordingPort();
    await pass(dispatcher({ email }, report));
    expect(email.seen).toEqual(["invito"]);
  });
});

describe("a message whose moment has passed", () => {
  const START = new Date(NOW.getTime() + 2 * 24 * 60 * 60_000);
  const until = (outgoing: Outgoing, at: Date): Outgoing => ({ ...outgoing, until: at });

  it("held for e-mail, is not delivered late when e-mail comes up; one still in time is", async () => {
    const store = new PrismaStore(setup.testDb.db);
    const later = new Date(START.getTime() + 7 * 24 * 60 * 60_000);
    await store.transaction((repos) =>
      repos.outbox.enqueue(
        [until(mail("mamma@example.org", "invito"), START), until(mail("papa@example.org", "altro"), later)],
        NOW,
      ),
    );
    const reports: Undelivered[] = [];
    const report = async (failure: Undelivered) => {
      reports.push(failure);
    };
    await pass(dispatcher({}, report));
    expect(
      (await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } })).map((r) => r.expiresAt),
    ).toEqual([START, later]);
    // E-mail is set up three days later: the meeting of the first one has begun.
    clock.set(new Date(START.getTime() + 24 * 60 * 60_000));
    const email = new RecordingPort();
    await pass(dispatcher({ email }, report));
    expect(email.seen).toEqual(["altro"]);
    const rows = await setup.testDb.db.queueItem.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.lastError])).toEqual([
      ["failed", "expired"],
      ["done", null],
    ]);
    // The coordinators of the member it was for are told, once, that it did not go in time.
    expect(
      reports.map((r) => [
        r.reason,
        r.about,
        r.recipient && "memberId" in r.recipient ? r.recipient.memberId : undefined,
      ]),
    ).toEqual([["expiredWaiting", "Oggetto invito", "m1"]]);
    await pass(dispatchers[1] as OutboxDispatcher);
    expect(reports).toHaveLength(1);
  });

  it("held for a channel still off, is dropped at its moment rather than kept to go late", async () => {
    const store = new PrismaStore(setup.testDb.db);
    await store.transaction((repos) =>
      repos.outbox.enqueue([until(mail("mamma@example.org", "invito"), START)], NOW),
    );
    const reports: Undelivered[] = [];
    const without = dispatcher({}, async (failure) => {
      reports.push(failure);
    });
    await pass(without);
    clock.advance(HELD_REPORT_MS + 60_000);
    await pass(without);
    clock.set(new Date(START.getTime() + 60_000));
    await pass(without);
    const [row] = await setup.testDb.db.queueItem.findMany();
    expect([row?.status, row?.lastError]).toEqual(["failed", "expired"]);
    // Reported as still waiting after a day, then as dropped: each said once.
    expect(reports.map((r) => r.reason)).toEqual(["stillWaiting", "expiredWaiting"]);
    const email = new RecordingPort();
    await pass(dispatcher({ email }));
    expect(email.seen).toEqual([]);
  });

  it("retried past its moment, is dropped, not sent late", async () => {
    const store = new PrismaStore(setup.testDb.db);
    const soon = new Date(NOW.getTime() + 60_000);
    await store.transaction((repos) => repos.outbox.enqueue([until(chat("promemoria"), soon)], NOW));
    let fail = true;
    const seen: string[] = [];
    const slack: ChannelPort = {
      async send(outgoing) {
        if (fail) throw new DeliveryError("slack_503", true, 120);
        seen.push(outgoing.message.blocks[0]?.type ?? "?");
        return undefined;
      },
      async update() {},
    };
    const reports: Undelivered[] = [];
    const d = dispatcher({ slack }, async (failure) => {
      reports.push(failure);
    });
    await pass(d);
    expect((await setup.testDb.db.queueItem.findMany())[0]?.status).toBe("pending");
    // The platform works again, but the retry comes after the reminder's moment.
    fail = false;
    clock.advance(3 * 60_000);
    await pass(d);
    expect(seen).toEqual([]);
    const [row] = await setup.testDb.db.queueItem.findMany();
    expect([row?.status, row?.lastError, row?.attempts]).toEqual(["failed", "expired", 1]);
    expect(
      reports.map((r) => [
        r.reason,
        r.recipient && "memberId" in r.recipient ? r.recipient.memberId : undefined,
      ]),
    ).toEqual([["expired", "m2"]]);
  });

  it("without a recipient (a conversation's post), is dropped without a report", async () => {
    const store = new PrismaStore(setup.testDb.db);
    const post: Outgoing = {
      target: { kind: "channel", platform: "slack", workspaceId: "T1", channelId: "C1" },
      message: textMessage([{ type: "text", text: "conteggio" }]),
      until: new Date(NOW.getTime() - 1),
    };
    await store.transaction((repos) => repos.outbox.enqueue([post], NOW));
    const reports: Undelivered[] = [];
    const slack = new RecordingPort();
    await pass(
      dispatcher({ slack }, async (failure) => {
        reports.push(failure);
      }),
    );
    expect(slack.seen).toEqual([]);
    expect(reports).toEqual([]);
    expect((await setup.testDb.db.queueItem.findMany())[0]?.lastError).toBe("expired");
  });
});
