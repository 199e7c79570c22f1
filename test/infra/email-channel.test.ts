import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Message, strong, text } from "../../src/content/model.ts";
import { EmailChannel } from "../../src/infra/email-channel.ts";
import { DeliveryError, type Outgoing } from "../../src/ports/channel.ts";
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

describe("e-mail channel", () => {
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
