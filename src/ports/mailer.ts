import type { FileAttachment } from "../domain/message.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** `.ics` attachments; one whose mimeType carries `method=` is also sent as the iTIP part. */
  attachments: FileAttachment[];
}

/** Sends e-mail. Throws `DeliveryError` (ports/chat.ts) so the outbox can retry. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}
