import { randomUUID } from "node:crypto";
import { type Activity, ActivityTypes, type Attachment, type TurnContext } from "botbuilder";
import { z } from "zod";
import type { ChatUserRef } from "../../src/content/model.ts";
import { type FileAttachment, type Rich, textMessage } from "../../src/content/model.ts";
import type { ServiceDeps } from "../../src/core/deps.ts";
import { matchLocale, t } from "../../src/i18n/catalogue.ts";
import type { AdapterState } from "../../src/ports/adapter-state.ts";
import type { Clock } from "../../src/ports/clock.ts";
import type { Store } from "../../src/ports/store.ts";
import { TEAMS_STATE } from "./conversations.ts";
import { type IncomingActivity, tenantOf } from "./payloads.ts";
import { renderMessage } from "./render.ts";
import { withRetries } from "./retry.ts";

export const FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info";
export const FILE_CONSENT_INVOKE = "fileConsent/invoke";
/** A file not accepted within a day is dropped: the person asks again and gets it as it is then. */
const HOLD_MS = 24 * 60 * 60_000;
const ID_MAX = 512;

/** What Teams sends when the person answers a file consent card. */
const consentSchema = z.object({
  type: z.literal("fileUpload"),
  action: z.enum(["accept", "decline"]),
  context: z.object({ file: z.uuid() }),
  uploadInfo: z
    .object({
      name: z.string().min(1).max(ID_MAX),
      uploadUrl: z.url().max(4096),
      contentUrl: z.url().max(4096),
      uniqueId: z.string().max(ID_MAX),
      fileType: z.string().max(32),
    })
    .optional(),
});

/** A held file, stored as JSON under `file:<id>`: whose it is, and the file itself. */
const heldSchema = z.object({
  user: z.object({ workspaceId: z.string(), userId: z.string() }),
  filename: z.string(),
  mimeType: z.string(),
  content: z.string(),
});
type Held = z.infer<typeof heldSchema>;
const fileKey = (id: string) => `file:${id}`;

/**
 * Files in a Teams personal chat. A bot cannot attach a file to a message: it offers it with a
 * file consent card, and when the person allows it Teams gives an upload URL in their OneDrive,
 * where the bot writes the bytes. Until then the file is held in the database for that person
 * alone, for a day at most.
 */
export class FileOffers {
  private readonly state: AdapterState;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly log: ServiceDeps["log"],
  ) {
    this.state = store.adapterState;
  }

  /**
   * Holds the file for this person and returns the consent card that offers it. A file of a
   * case (`equipeId`, the message's) is erased with the case, even before its day is over.
   */
  async offer(user: ChatUserRef, file: FileAttachment, equipeId?: string): Promise<Attachment> {
    const now = this.clock.now();
    const id = randomUUID();
    // Files nobody accepted take space until someone holds a new one.
    await this.state.purgeExpired(TEAMS_STATE, now);
    const held: Held = {
      user: { workspaceId: user.workspaceId, userId: user.userId },
      filename: file.filename,
      mimeType: file.mimeType,
      content: file.content,
    };
    await this.state.put(TEAMS_STATE, fileKey(id), JSON.stringify(held), {
      expiresAt: new Date(now.getTime() + HOLD_MS),
      ...(equipeId === undefined ? {} : { equipeId }),
    });
    return {
      contentType: FILE_CONSENT_TYPE,
      name: file.filename,
      content: {
        description: file.filename,
        sizeInBytes: Buffer.byteLength(file.content, "utf8"),
        acceptContext: { file: id },
        declineContext: { file: id },
      },
    };
  }

  /**
   * The person's answer to a consent card: on "allow", the held bytes go to the upload URL and a
   * file card links to the copy in their OneDrive; on "decline" the file is dropped. Teams waits
   * for the invoke's own response, which is always 200 (the outcome is told in the chat).
   */
  async answer(turn: TurnContext, activity: IncomingActivity): Promise<void> {
    const locale = matchLocale(activity.locale) ?? "it";
    const reply = (text: Rich) =>
      withRetries(() =>
        turn.sendActivity({ type: ActivityTypes.Message, ...renderMessage(textMessage(text)) }),
      );
    const consent = consentSchema.safeParse(activity.value);
    if (!consent.success) {
      this.log("teams.file.malformed", {});
      await respond(turn, 400);
      return;
    }
    await respond(turn, 200);
    const { action, context, uploadInfo } = consent.data;
    const user: ChatUserRef = {
      platform: "teams",
      workspaceId: tenantOf(activity),
      userId: activity.from.id,
    };
    const held = await this.find(context.file, user);
    if (action === "decline") {
      if (held) await this.state.delete(TEAMS_STATE, fileKey(context.file));
      await reply(t(locale, "file.declined"));
      return;
    }
    if (held === undefined || uploadInfo === undefined) {
      await reply(t(locale, "file.expired"));
      return;
    }
    const bytes = Buffer.from(held.content, "utf8");
    const uploaded = await fetch(uploadInfo.uploadUrl, {
      method: "PUT",
      headers: { "content-range": `bytes 0-${bytes.length - 1}/${bytes.length}` },
      body: bytes,
    }).then(
      (response) => response.ok,
      () => false,
    );
    if (!uploaded) {
      this.log("teams.file.uploadFailed", {});
      await reply(t(locale, "file.uploadFailed"));
      return;
    }
    await this.state.delete(TEAMS_STATE, fileKey(context.file));
    await withRetries(() =>
      turn.sendActivity({
        type: ActivityTypes.Message,
        attachments: [
          {
            contentType: FILE_INFO_TYPE,
            contentUrl: uploadInfo.contentUrl,
            name: uploadInfo.name,
            content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
          },
        ],
      }),
    );
    this.log("teams.file.uploaded", {});
  }

  /** The held file, if it has not expired and is this person's: nobody else learns it exists. */
  private async find(id: string, user: ChatUserRef): Promise<Held | undefined> {
    const json = await this.state.get(TEAMS_STATE, fileKey(id), this.clock.now());
    if (json === undefined) return undefined;
    const held = heldSchema.safeParse(JSON.parse(json));
    if (!held.success) return undefined;
    const owner = held.data.user;
    return owner.workspaceId === user.workspaceId && owner.userId === user.userId ? held.data : undefined;
  }
}

/** The HTTP answer to an invoke activity, which CloudAdapter writes when the turn ends. */
async function respond(turn: TurnContext, status: number): Promise<void> {
  await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } } as Partial<Activity>);
}
