import nodemailer, { type Transporter } from "nodemailer";
import { DeliveryError } from "../ports/chat.ts";
import type { Mail, Mailer } from "../ports/mailer.ts";

/** SMTP reply codes 4xx are temporary (RFC 5321 §4.2.1): worth another try. */
const TEMPORARY_SMTP_MIN = 400;
const TEMPORARY_SMTP_MAX = 499;

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(mail: Mail): Promise<void> {
    const invite = mail.attachments.find((a) => /method=/i.test(a.mimeType));
    const method = invite ? /method=(\w+)/i.exec(invite.mimeType)?.[1] : undefined;
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        // The text/calendar; method=… alternative is what makes Outlook and Gmail show an invitation.
        ...(invite && method
          ? { icalEvent: { method, filename: invite.filename, content: invite.content } }
          : {}),
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.mimeType.split(";")[0] === "text/calendar" ? "application/ics" : a.mimeType,
        })),
      });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const temporary =
        typeof code !== "number" || (code >= TEMPORARY_SMTP_MIN && code <= TEMPORARY_SMTP_MAX);
      throw new DeliveryError(`smtp_${typeof code === "number" ? code : "connection"}`, temporary);
    }
  }

  close(): void {
    this.transport.close();
  }
}
