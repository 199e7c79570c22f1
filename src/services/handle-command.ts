import { type Command, type CommandName, parseCommand, type UserRefParser } from "../domain/command.ts";
import { type DomainError, isDomainError } from "../domain/errors.ts";
import { textMessage } from "../domain/message.ts";
import { ROLE_WORDS } from "../domain/roles.ts";
import { type Locale, type MessageKey, t } from "../i18n/catalogue.ts";
import { addExternalMember } from "./add-external-member.ts";
import { addMember } from "./add-member.ts";
import { showFeed } from "./calendar-feed.ts";
import { cancelDecision } from "./cancel-decision.ts";
import { cancelMeeting } from "./cancel-meeting.ts";
import { confirmMeeting } from "./confirm-meeting.ts";
import { type CommandContext, DuplicateDelivery, type ServiceDeps, toActor } from "./context.ts";
import { openConveneForm } from "./convene-meeting.ts";
import { decisionStatus } from "./decision-status.ts";
import { exportDecision } from "./export-decision.ts";
import { recordViewpoint } from "./give-viewpoint.ts";
import { listMembers } from "./list-members.ts";
import { meetingStatus } from "./meeting-status.ts";
import { openDecisionForm } from "./open-decision.ts";
import { recordAvailability } from "./record-availability.ts";
import { removeMember } from "./remove-member.ts";
import { rescheduleMeeting } from "./reschedule-meeting.ts";
import { setupEquipe } from "./setup-equipe.ts";

/** The order help lists the commands in: the équipe first, then meetings. */
const HELP_ORDER: readonly CommandName[] = [
  "setup",
  "add",
  "add-external",
  "members",
  "remove",
  "convene",
  "status",
  "record",
  "confirm",
  "reschedule",
  "cancel",
  "feed",
  "help",
  "decide",
  "viewpoint",
  "decision",
  "cancel-decision",
  "export",
];

export function helpText(locale: Locale): string {
  const commands = HELP_ORDER.map((name) => `• ${t(locale, `usage.${name}` as MessageKey)}`).join("\n");
  return t(locale, "help.text", { commands, roles: Object.values(ROLE_WORDS[locale]).join(", ") });
}

/** Turns an error code into the sentence the reader sees, with the usage example where one helps. */
export function errorText(locale: Locale, error: DomainError): string {
  if (error.code === "command.usage") {
    const usage = t(locale, `usage.${String(error.params.command)}` as MessageKey);
    return t(locale, "command.usage", { usage });
  }
  if (error.code === "role.unknown") {
    return t(locale, "role.unknown", {
      ...error.params,
      roles: Object.values(ROLE_WORDS[locale]).join(", "),
    });
  }
  return t(locale, error.code, error.params);
}

async function run(deps: ServiceDeps, ctx: CommandContext, command: Command): Promise<void> {
  switch (command.name) {
    case "help":
      await deps.store.transaction((repos) =>
        repos.outbox.enqueue(
          [toActor(ctx, helpText(ctx.actor.locale ?? deps.defaults.locale))],
          deps.clock.now(),
        ),
      );
      return;
    case "setup":
      return setupEquipe(deps, ctx, command.caseCode);
    case "add":
      return addMember(deps, ctx, command);
    case "add-external":
      return addExternalMember(deps, ctx, command);
    case "members":
      return listMembers(deps, ctx);
    case "remove":
      return removeMember(deps, ctx, command.member);
    case "convene":
      return openConveneForm(deps, ctx);
    case "status":
      return meetingStatus(deps, ctx);
    case "record":
      return recordAvailability(deps, ctx, command);
    case "confirm":
      return confirmMeeting(deps, ctx, { slotNumber: command.slotNumber });
    case "reschedule":
      return rescheduleMeeting(deps, ctx, command.when);
    case "cancel":
      return cancelMeeting(deps, ctx);
    case "feed":
      return showFeed(deps, ctx, command.reset);
    case "decide":
      return openDecisionForm(deps, ctx);
    case "viewpoint":
      return recordViewpoint(deps, ctx, command);
    case "decision":
      return decisionStatus(deps, ctx);
    case "cancel-decision":
      return cancelDecision(deps, ctx, command.reason);
    case "export":
      return exportDecision(deps, ctx);
  }
}

/** Answers a refusal or failure privately; logs only the code. */
export async function replyWithError(
  deps: ServiceDeps,
  ctx: CommandContext,
  error: unknown,
  target: "channel" | "direct" = "channel",
): Promise<void> {
  if (error instanceof DuplicateDelivery) {
    deps.log("delivery.duplicate", { platform: ctx.actor.platform });
    return;
  }
  const locale = ctx.actor.locale ?? deps.defaults.locale;
  let text: string;
  if (isDomainError(error)) {
    deps.log("command.refused", { platform: ctx.actor.platform, code: error.code });
    text = errorText(locale, error);
  } else {
    deps.log("command.failed", {
      platform: ctx.actor.platform,
      error: error instanceof Error ? error.name : "unknown",
    });
    text = t(locale, "error.internal");
  }
  const outgoing =
    target === "direct"
      ? { target: { kind: "direct" as const, ...ctx.actor }, message: textMessage(text) }
      : toActor(ctx, text);
  await deps.store.transaction((repos) => repos.outbox.enqueue([outgoing], deps.clock.now()));
}

/**
 * Entry point for a typed command on any platform: parse, run, and on refusal answer the
 * actor privately. Nothing the service wrote survives a refusal (its transaction rolls back).
 */
export async function handleCommandText(
  deps: ServiceDeps,
  ctx: CommandContext,
  text: string,
  parseUserRef: UserRefParser,
): Promise<void> {
  const parsed = parseCommand(text, parseUserRef);
  try {
    if (!parsed.ok) throw parsed.error;
    await run(deps, ctx, parsed.command);
  } catch (error) {
    await replyWithError(deps, ctx, error);
  }
}
