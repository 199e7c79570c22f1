import nodemailer, { type Transporter } from "nodemailer";
import { summaryOf } from "../content/model.ts";
import { plainLine, plainMessage } from "../content/plain.ts";
import { type ChannelPort, type DeliveredRef, DeliveryError, type Outgoing } from "../ports/channel.ts";

/** SMTP reply codes 4xx are temporary (RFC 5321 §4.2.1): worth another try. */
const TEMPORARY_SMTP_MIN = 400;
const TEMPORARY_SMTP_MAX = 499;
/** A calendar attachment that is an iTIP message, and its method (RFC 5546 §1.4). */
const ITIP_MIME = /^text\/calendar\b.*;\s*method=(REQUEST|CANCEL)\b/i;
/** The domain of a From address (`Équipe <equipe@comune.example>` → `comune.example`). */
const FROM_DOMAIN = /@([A-Za-z0-9.-]+)>?\s*$/;
/** A subject is one line that clients cut anyway; 200 is what the previous e-mail target allowed. */
const SUBJECT_MAX = 200;

/**
 * E-mail as one more channel: plain text rendered from the neutral message, files as
 * attachments, an invitation as the iTIP part that mail clients show as one (and, through
 * nodemailer, as one attachment of the same content).
 */
export class EmailChannel implements ChannelPort {
  private readonly transport: Transporter;
  /** The sender's domain, which names our Message-IDs. */
  private readonly domain: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // A call must end well inside the queue's lease (60 s; one starts with 30 s of it left), or
    // another replica takes the message over and sends it again: nodemailer's defaults (two
    // minutes to connect, ten of silence) are far longer.
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
    });
    this.domain = FROM_DOMAIN.exec(from)?.[1] ?? "equipe.invalid";
  }

  async send(outgoing: Outgoing): Promise<DeliveredRef | undefined> {
    const { target, message } = outgoing;
    if (target.kind !== "email") throw new DeliveryError(`email_target_${target.kind}`, false);
    // An iTIP message (REQUEST, CANCEL) is what mail clients show as an invitation; a file to
    // import (PUBLISH) stays a plain attachment.
    const invite = message.attachments.find((a) => ITIP_MIME.test(a.mimeType));
    const method = invite ? ITIP_MIME.exec(invite.mimeType)?.[1]?.toUpperCase() : undefined;
    try {
      await this.transport.sendMail({
        from: this.from,
        to: target.to,
        // Every try of one queued message is the same e-mail: a mail server or client that has it
        // already may drop the repeat (SMTP has no idempotency key; this is the nearest thing).
        ...(outgoing.delivery ? { messageId: `<equipe.${outgoing.delivery}@${this.domain}>` } : {}),
        subject: plainLine(message.subject ?? summaryOf(message), SUBJECT_MAX),
        text: plainMessage(message),
        // The text/calendar; method=… alternative is what makes Outlook and Gmail show an
        // invitation. nodemailer also attaches the same content as a file (application/ics) for
        // clients that only offer attachments, so the invitation is not attached a second time.
        ...(invite && method
          ? { icalEvent: { method, filename: invite.filename, content: invite.content } }
          : {}),
        attachments: message.attachments
          .filter((a) => a !== invite)
          .map((a) => ({
            filename: a.filename,
            content: a.content,
            contentType: a.mimeType.split(";")[0] === "text/calendar" ? "application/ics" : a.mimeType,
          })),
      });
    } catch (error) {
      const code =
        typeof error === "object" && error !== null && "responseCode" in error
          ? error.responseCode
          : undefined;
      const temporary =
        typeof code !== "number" || (code >= TEMPORARY_SMTP_MIN && code <= TEMPORARY_SMTP_MAX);
      throw new DeliveryError(`smtp_${typeof code === "number" ? code : "connection"}`, temporary);
    }
    // A sent e-mail cannot be changed: there is nothing to refer to later.
    return undefined;
  }

  /** E-mail has no in-place update: the new version is sent as a new message. */
  async update(_ref: DeliveredRef, outgoing: Outgoing): Promise<void> {
    await this.send(outgoing);
  }

  close(): void {
    this.transport.close();
  }
}
