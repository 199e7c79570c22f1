import { parseLocalDateTime, zonedToUtc } from "../../src/domain/time.ts";
import type { Clock } from "../../src/ports/clock.ts";
import { slackView } from "../support/display.ts";
import type { RecordedCall } from "../support/slack-api.ts";
import { buttonClick, postInteraction, viewSubmission } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";
import {
  type Cast,
  type ChatDriver,
  type Elsewhere,
  NAMES,
  type SeenButton,
  type SeenDialog,
  type SeenMessage,
} from "./driver.ts";

const IDS: Record<Cast, string> = {
  coord: "U0COORD",
  edu: "U0EDU",
  teacher: "U0TEACH",
  stranger: "U0STRANGER",
  psy: "U0PSY",
};
const CHANNEL = "C0CONTRACT";
/** The time zone of everyone's Slack profile: the équipe's. */
const PROFILE_ZONE = "Europe/Rome";
/** Other channels of the same workspace (places contract). */
const ELSEWHERE: Record<Elsewhere, string> = { second: "C0SECOND", third: "C0THIRD" };

/** An input block of a modal, as far as a person filling it in sees it. */
type ModalInput = {
  block_id: string;
  element: {
    type?: string;
    options?: { value: string; text: { text: string } }[];
    initial_option?: { value: string };
    initial_options?: { value: string }[];
    initial_value?: string;
  };
};

/**
 * A message as the person sees it, read through the Slack display model: mentions as `@U…`,
 * emphasis markers gone, links collected. A message whose blocks hold no text (buttons only)
 * reads as its top-level text, as before.
 */
function seen(id: string, args: Record<string, unknown>, updates: number): SeenMessage {
  const view = slackView(args);
  const text = view.text !== "" ? view.text : slackView({ text: args.text }).text;
  return { id, text, buttons: view.buttons, links: view.links, updates };
}

export class SlackDriver implements ChatDriver {
  readonly platform = "slack";
  private readonly h = new SlackHarness();
  private formsSeen = 0;

  get running() {
    return this.h.running;
  }

  async start(clock: Clock) {
    for (const who of Object.keys(IDS) as Cast[]) this.h.api.names.set(IDS[who], NAMES[who]);
    await this.h.start({ clock });
  }

  async stop() {
    await this.h.stop();
  }

  mention(who: Cast) {
    return `<@${IDS[who]}>`;
  }

  shownAs(who: Cast) {
    return `@${IDS[who]}`;
  }

  async command(who: Cast, text: string) {
    await this.h.command(IDS[who], text, { channelId: CHANNEL });
  }

  takeOpenedForm(_who: Cast) {
    const opens = this.h.api.callsTo("views.open");
    const opened = opens.length > this.formsSeen;
    this.formsSeen = opens.length;
    const view = opens.at(-1)?.args.view as
      | { callback_id: string; private_metadata: string; blocks: ModalInput[] }
      | undefined;
    if (view) this.typed = {};
    if (view) this.open = true;
    if (view)
      this.lastForm = {
        id: view.callback_id.replace(/^form:/, ""),
        metadata: view.private_metadata,
        blocks: view.blocks,
      };
    return opened;
  }

  private lastForm: { id: string; metadata: string; blocks: ModalInput[] } = {
    id: "convene",
    metadata: CHANNEL,
    blocks: [],
  };

  /** What was typed into the open modal before Slack showed it back with errors. */
  private typed: Record<string, string> = {};
  /** Whether the modal shown last is still open (it closes when a submission is accepted). */
  private open = false;

  formHolds(field: string) {
    return this.open ? this.typed[field] : undefined;
  }

  formChoices(field: string) {
    const block = this.lastForm.blocks.find((b) => b.block_id === field);
    return (block?.element.options ?? []).map((o) => ({ value: o.value, label: o.text.text }));
  }

  async submitForm(who: Cast, values: Record<string, string>) {
    const { id, metadata, blocks } = this.lastForm;
    const shown: Record<string, string> = {};
    for (const { block_id, element } of blocks) {
      const initial =
        element.initial_options?.map((o) => o.value).join(",") ??
        element.initial_option?.value ??
        element.initial_value;
      if (initial !== undefined) shown[block_id] = initial;
    }
    const submitted = { ...shown, ...this.typed, ...values };
    // A date and time picked in the équipe's zone (the person's Slack profile zone here): the picker
    // hands over the instant.
    for (const { block_id, element } of blocks) {
      const local =
        element.type === "datetimepicker" ? parseLocalDateTime(submitted[block_id] ?? "") : undefined;
      const instant = local ? zonedToUtc(local, PROFILE_ZONE) : undefined;
      if (instant) submitted[block_id] = instant.toISOString();
    }
    const response = await postInteraction(
      this.running.url,
      viewSubmission(IDS[who], metadata, submitted, id),
    );
    const body = await response.text();
    if (body === "") {
      this.open = false;
      return {};
    }
    const parsed = JSON.parse(body) as { errors?: Record<string, string> };
    // A modal answered with errors stays open with what was typed in it; any other answer closes it.
    if (parsed.errors) this.typed = submitted;
    else this.open = false;
    return parsed.errors ?? {};
  }

  shownForm() {
    return { id: this.lastForm.id, metadata: this.lastForm.metadata };
  }

  async forgeForm(who: Cast, formId: string, metadata: string, values: Record<string, string>) {
    await postInteraction(this.running.url, viewSubmission(IDS[who], metadata, values, formId));
  }

  everySent() {
    return this.h.api.calls
      .filter((c) => ["chat.postMessage", "chat.postEphemeral", "chat.update"].includes(c.method))
      .map((c) => slackView(c.args));
  }

  notifies(who: Cast) {
    return IDS[who];
  }

  async click(who: Cast, button: SeenButton) {
    await this.h.interact(buttonClick(IDS[who], button.actionId, button.value));
  }

  /** Messages posted to a conversation, each in its latest version. */
  private postedIn(channel: string): SeenMessage[] {
    const calls = this.h.api.calls;
    const updates = calls.filter((c) => c.method === "chat.update" && c.args.channel === channel);
    return calls
      .filter((c) => c.method === "chat.postMessage" && c.args.channel === channel)
      .map((c: RecordedCall) => {
        const ts = String((c.response as { ts?: string } | undefined)?.ts ?? "");
        const mine = updates.filter((u) => u.args.ts === ts);
        return seen(ts, mine.at(-1)?.args ?? c.args, mine.length);
      });
  }

  privateMessages(who: Cast): SeenMessage[] {
    const user = IDS[who];
    const ephemeral = this.h.api.calls
      .filter((c) => c.method === "chat.postEphemeral" && c.args.user === user)
      .map((c) => seen(String((c.response as { message_ts?: string }).message_ts), c.args, 0));
    // Ephemeral answers and direct messages interleave in time; call order is kept by ts.
    return [...ephemeral, ...this.postedIn(`D${user}`)].sort((a, b) => Number(a.id) - Number(b.id));
  }

  async receiveFile(who: Cast) {
    const calls = this.h.api.calls;
    const shared = calls.filter(
      (c) => c.method === "files.completeUploadExternal" && c.args.channel_id === `D${IDS[who]}`,
    );
    const files = shared.at(-1)?.args.files;
    const list = (typeof files === "string" ? JSON.parse(files) : files) as { id: string }[] | undefined;
    const fileId = list?.[0]?.id ?? "";
    const requested = calls.find(
      (c) =>
        c.method === "files.getUploadURLExternal" &&
        (c.response as { file_id?: string } | undefined)?.file_id === fileId,
    );
    const content = this.h.api.uploads.get(fileId);
    if (requested === undefined || content === undefined) throw new Error(`no file for ${who}`);
    return { name: String(requested.args.filename), content };
  }

  channelMessages(): SeenMessage[] {
    return this.postedIn(CHANNEL);
  }

  async settle() {
    await this.h.settle();
  }

  // ——— places ———

  async direct(who: Cast, text: string) {
    // `/equipe` typed in the person's DM with the bot: Slack sends the DM's `D…` id.
    await this.h.command(IDS[who], text, { channelId: `D${IDS[who]}` });
  }

  async commandIn(conversation: Elsewhere, who: Cast, text: string) {
    await this.h.command(IDS[who], text, { channelId: ELSEWHERE[conversation] });
  }

  messagesIn(conversation: Elsewhere): SeenMessage[] {
    return this.postedIn(ELSEWHERE[conversation]);
  }

  async restart(env: Record<string, string>) {
    await this.h.restart(env);
  }

  // ——— modals ———

  /** The modal opened last by a button (not a command's form): callback, metadata, inputs. */
  private dialog:
    | { id: string; metadata: string; blocks: (ModalInput & { type?: string })[]; open: boolean }
    | undefined;

  async openDialog(who: Cast, button: SeenButton): Promise<SeenDialog | undefined> {
    const before = this.h.api.callsTo("views.open").length;
    await this.click(who, button);
    await this.settle();
    const opens = this.h.api.callsTo("views.open");
    if (opens.length === before) return undefined;
    // A modal opened by a click is not a command's form: `takeOpenedForm` must not see it again.
    this.formsSeen = opens.length;
    const view = opens.at(-1)?.args.view as {
      callback_id: string;
      private_metadata: string;
      title?: { text?: string };
      blocks: (ModalInput & { type?: string })[];
    };
    this.dialog = {
      id: view.callback_id.replace(/^form:/, ""),
      metadata: view.private_metadata,
      blocks: view.blocks,
      open: true,
    };
    return {
      title: view.title?.text ?? "",
      text: slackView({ blocks: view.blocks }).text,
      inputs: view.blocks
        .filter((b) => b.type === "input")
        .map((b) => ({
          id: b.block_id,
          choices: (b.element.options ?? []).map((o) => ({ value: o.value, label: o.text.text })),
        })),
    };
  }

  async submitDialog(who: Cast, values: Record<string, string>) {
    const dialog = this.dialog;
    if (dialog === undefined || !dialog.open) throw new Error("no modal open");
    // What Slack sends: every input of the modal, as its element type carries a value.
    const state: Record<string, Record<string, unknown>> = {};
    for (const { block_id, element, type } of dialog.blocks) {
      if (type !== "input") continue;
      const value =
        values[block_id] ??
        element.initial_options?.map((o) => o.value).join(",") ??
        element.initial_option?.value ??
        element.initial_value ??
        "";
      const kind = element.type ?? "plain_text_input";
      state[block_id] = {
        value:
          kind === "static_select" || kind === "radio_buttons"
            ? { type: kind, selected_option: value === "" ? null : { value } }
            : kind === "multi_static_select" || kind === "checkboxes"
              ? {
                  type: kind,
                  selected_options: value
                    .split(",")
                    .filter(Boolean)
                    .map((v) => ({ value: v })),
                }
              : { type: kind, value },
      };
    }
    const payload = viewSubmission(IDS[who], dialog.metadata, {}, dialog.id);
    payload.view.state = { values: state };
    const response = await postInteraction(this.running.url, payload);
    const body = await response.text();
    await this.settle();
    if (body === "") {
      dialog.open = false;
      return {};
    }
    const parsed = JSON.parse(body) as { errors?: Record<string, string> };
    if (!parsed.errors) dialog.open = false;
    return parsed.errors ?? {};
  }
}
