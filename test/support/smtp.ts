import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A loopback SMTP server that keeps every message it receives, parsed. */
export class RecordingSmtp {
  readonly messages: ParsedMail[] = [];
  readonly raw: string[] = [];
  /** Addresses this server refuses for good (550), as a real one refuses an unknown mailbox. */
  readonly refused = new Set<string>();
  private server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo: (address, _session, done) => {
      if (!this.refused.has(address.address.toLowerCase())) return done();
      done(Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 }));
    },
    onData: (stream, _session, done) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        this.raw.push(raw.toString("utf8"));
        simpleParser(raw).then(
          (parsed) => {
            this.messages.push(parsed);
            done();
          },
          (error: Error) => done(error),
        );
      });
    },
  });

  /** The messages received by this address (any case) since `from` messages into the recording. */
  to(address: string, from = 0): ParsedMail[] {
    return this.messages.slice(from).filter((m) => recipientsOf(m).includes(address.toLowerCase()));
  }

  async start(): Promise<string> {
    await new Promise<void>((ready) => this.server.listen(0, "127.0.0.1", () => ready()));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** Every address a message went to, lower-cased. */
export const recipientsOf = (mail: ParsedMail): string[] =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) =>
    to.value.map((v) => (v.address ?? "").toLowerCase()),
  );

/** A message's subject, text and HTML, as one text to search. */
export const mailText = (mail: ParsedMail) => `${mail.subject ?? ""}\n${mail.text ?? ""}\n${mail.html || ""}`;
