import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Message, strong, text } from "../../src/content/model.ts";
import { EmailChannel } from "../../src/infra/email-channel.ts";
import { IcalCalendar } from "../../src/infra/ical-calendar.ts";
import { DeliveryError, type Outgoing } from "../../src/ports/channel.ts";
import { parseIcs } from "../support/ics.ts";
import { RecordingSmtp } from "../support/smtp.ts";

const smtp = new RecordingSmtp();
let channel: EmailChannel;
beforeAll(async () => {
  channel = new EmailChannel(await smtp.start(), "Équipe <equipe@example.org>");
});
afterAll(async () => {
  channel.close();
  await smtp.close();
});

const invite: Message = {
  summary: [text("Incontro confermato: "), strong("FAM-2026-014")],
  blocks: [
    { type: "text", content: [text("Ci vediamo giovedì.")] },
    {
      type: "actions",
      buttons: [{ action: "a", value: "v", label: "Sì", style: "default", selected: false }],
    },
    { type: "link", label: "Aggiungi al calendario", url: "https://equipe.example.org/p/abc" },
  ],
  attachments: [
    { filename: "invito.ics", mimeType: "text/calendar; method=REQUEST", content: "BEGIN:VCALENDAR" },
  ],
};
const toElena = (message: Message): Outgoing => ({
  target: { kind: "email", to: "elena@comune.example", locale: "it" },
  message,
});

interface MimePart {
  /** Content types of the enclosing multiparts, outermost first. */
  within: string[];
  type: string;
  headers: string;
  body: string;
}

/** The leaf parts of a raw MIME message (RFC 2046), with their bodies decoded. */
function mimeLeaves(raw: string, within: string[] = []): MimePart[] {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const contentType = /^content-type:\s*([^\r\n]*)/im.exec(headers)?.[1] ?? "text/plain";
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (type.startsWith("multipart/") && boundary) {
    const parts = body.split(`--${boundary}`).slice(1, -1);
    return parts.flatMap((part) =>
      mimeLeaves(part.replace(/^\r\n/, "").replace(/\r\n$/, ""), [...within, type]),
    );
  }
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  const decoded =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(
            body
              .replace(/=\r\n/g, "")
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8")
        : body;
  return [{ within, type, headers, body: decoded }];
}

describe("e-mail channel", () => {
  it("names every try of one queued message with the same Message-ID, and other messages with others", async () => {
    const retry = { ...toElena(invite), delivery: "7.1795000000000" };
    await channel.send(retry);
    await channel.send(retry);
    await channel.send(toElena(invite));
    const ids = smtp.messages.slice(-3).map((mail) => mail.messageId);
    expect(ids.slice(0, 2)).toEqual([
      "<equipe.7.1795000000000@example.org>",
      "<equipe.7.1795000000000@example.org>",
    ]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("sends the message as plain text, its summary as subject, a calendar file as an invitation", async () => {
    expect(await channel.send(toElena(invite))).toBeUndefined();
    const mail = smtp.messages.at(-1);
    expect(mail?.subject).toBe("Incontro confermato: FAM-2026-014");
    expect(mail?.to).toMatchObject({ text: "elena@comune.example" });
    expect(mail?.text?.trim()).toBe(
      "Ci vediamo giovedì.\n\nAggiungi al calendario: https://equipe.example.org/p/abc",
    );
    expect(smtp.raw.at(-1)).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mail?.attachments.map((a) => a.contentType)).toContain("application/ics");
  });

  it("carries an invitation once as the iTIP part and once as an attachment, never more", async () => {
    const ics = new IcalCalendar({ name: "Équipe", email: "equipe@example.org" }).invite(
      "REQUEST",
      {
        uid: "u-1@equipe",
        sequence: 0,
        start: new Date("2027-10-29T13:00:00Z"),
        durationMinutes: 90,
        timezone: "Europe/Rome",
        summary: "FAM-2026-014 — verifica intermedia (T1)",
        location: undefined,
        status: "confirmed",
      },
      { stamp: new Date("2027-10-20T08:00:00Z"), attendeeEmail: "elena@comune.example" },
    );
    await channel.send(
      toElena({
        ...invite,
        attachments: [
          { filename: "invito.ics", mimeType: "text/calendar; charset=utf-8; method=REQUEST", content: ics },
        ],
      }),
    );
    const leaves = mimeLeaves(smtp.raw.at(-1) ?? "");
    const calendars = leaves.filter((part) => part.type === "text/calendar");
    expect(calendars).toHaveLength(1);
    expect(calendars[0]?.within.at(-1)).toBe("multipart/alternative");
    expect(calendars[0]?.headers).toMatch(/method=REQUEST/i);
    const attached = leaves.filter((part) => /^content-disposition:\s*attachment/im.test(part.headers));
    expect(attached.map((part) => part.type)).toEqual(["application/ics"]);
    expect(attached[0]?.headers).toContain("invito.ics");
    // The same calendar, twice in all: the part clients show as an invitation, and the file.
    const copies = leaves.filter((part) => part.body.includes("BEGIN:VCALENDAR"));
    expect(copies.map((part) => part.body)).toEqual([ics, ics]);
    expect(parseIcs(copies[0]?.body ?? "").method).toBe("REQUEST");
  });

  it("attaches a file to import (PUBLISH) as a file, not as an invitation", async () => {
    const file = "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n";
    await channel.send(
      toElena({
        ...invite,
        attachments: [
          {
            filename: "incontro.ics",
            mimeType: "text/calendar; charset=utf-8; method=PUBLISH",
            content: file,
          },
        ],
      }),
    );
    const leaves = mimeLeaves(smtp.raw.at(-1) ?? "");
    expect(leaves.filter((part) => part.type === "text/calendar")).toEqual([]);
    const attached = leaves.filter((part) => /^content-disposition:\s*attachment/im.test(part.headers));
    expect(attached.map((part) => [part.type, part.body])).toEqual([["application/ics", file]]);
  });

  it("sends an update again: e-mail has no message to edit", async () => {
    const before = smtp.messages.length;
    await channel.update({ channelId: "", messageId: "" }, toElena({ blocks: [], attachments: [] }));
    expect(smtp.messages).toHaveLength(before + 1);
  });

  it("refuses a chat target, and reports an SMTP 4xx as worth another try", async () => {
    await expect(
      channel.send({
        target: { kind: "direct", platform: "slack", workspaceId: "T", userId: "U" },
        message: invite,
      }),
    ).rejects.toMatchObject({ retryable: false });
    const busy = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (_address, _session, done) =>
        done(Object.assign(new Error("mailbox busy"), { responseCode: 451 })),
    });
    await new Promise<void>((ready) => busy.listen(0, "127.0.0.1", () => ready()));
    const port = (busy.server.address() as AddressInfo).port;
    const busyChannel = new EmailChannel(`smtp://127.0.0.1:${port}`, "equipe@example.org");
    const failure = await busyChannel.send(toElena(invite)).catch((error: unknown) => error);
    busyChannel.close();
    await new Promise<void>((done) => busy.close(() => done()));
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ message: "smtp_451", retryable: true });
  });
});
