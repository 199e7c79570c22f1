import {
  type Block,
  type Button,
  code,
  command as commandRun,
  lines,
  type Message,
  type Rich,
  text,
  textMessage,
} from "../content/model.ts";
import { parseCaseCode } from "../domain/case-code.ts";
import { MAX_COMMAND_TEXT_LENGTH } from "../domain/command.ts";
import { DomainError, isDomainError } from "../domain/errors.ts";
import { ROLE_WORDS } from "../domain/roles.ts";
import { nearest } from "../domain/suggest.ts";
import { refusalText, t } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { ServiceDeps } from "./deps.ts";
import {
  type ActionDef,
  type CommandDef,
  command,
  type Feature,
  type FormCheck,
  type FormDef,
  type JobDef,
  type ParsedCommand,
  type ReadCommand,
  type UserRefParser,
} from "./feature.ts";
import { Tell } from "./reach.ts";
import { actorLocale, ChooseEquipe, DuplicateDelivery, type Request } from "./request.ts";

/** The button that answers "which équipe?": its variant is the case code, its value the command. */
const CHOOSE_ACTION = "equipe-choose";
/** Buttons per row (the content model's limit). */
const ROW = 5;

/** How much of an unknown word we repeat back. */
const ECHO_MAX = 30;

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: DomainError };

/** The registry of every feature's commands, actions, forms and jobs; refuses two of one name. */
export class Registry {
  readonly commands: readonly CommandDef[];
  private readonly byWord = new Map<string, CommandDef>();
  private readonly actions = new Map<string, ActionDef>();
  private readonly forms = new Map<string, FormDef>();
  private readonly jobs = new Map<string, JobDef>();

  constructor(features: readonly Feature[]) {
    const help = command({
      name: "help",
      words: ["help", "aiuto"],
      usage: "usage.help",
      run: (deps, req) => this.help(deps, req),
    });
    this.commands = [...features.flatMap((f) => f.commands), help];
    for (const def of this.commands) for (const word of def.words) unique(this.byWord, word, def);
    // "Which équipe?" answered with a click: the same command, with the chosen case code.
    unique(this.actions, CHOOSE_ACTION, {
      id: CHOOSE_ACTION,
      // The command chosen for may open a form (`convoca`), and a person waits for it.
      opensForm: true,
      run: async (deps, req, value, variant) => {
        const def = this.commands.find((c) => c.name === value);
        const caseCode = parseCaseCode(variant ?? "");
        // Only a command that asks "which équipe?" answers to this button: a made-up value runs nothing else.
        if (def?.choosesEquipe !== true || caseCode === undefined) return "malformed";
        const read = def.parse([caseCode], () => undefined);
        if (read instanceof DomainError) return "malformed";
        await read.run(deps, req);
        return "done";
      },
    });
    for (const feature of features) {
      for (const def of feature.actions) unique(this.actions, def.id, def);
      for (const def of feature.forms) unique(this.forms, def.id, def);
      for (const def of feature.jobs) unique(this.jobs, def.kind, def);
    }
  }

  /**
   * Reads a command: too long, unknown (with the nearest subcommand when one is close: offered,
   * never run), or the command's own reading. Empty text is help.
   */
  read(textIn: string, refs: UserRefParser): ReadCommand | DomainError {
    if (textIn.length > MAX_COMMAND_TEXT_LENGTH)
      return new DomainError("command.tooLong", { max: MAX_COMMAND_TEXT_LENGTH });
    const [first = "help", ...args] = textIn.trim().split(/\s+/).filter(Boolean);
    const def = this.byWord.get(first.toLowerCase());
    if (def !== undefined) return def.parse(args, refs);
    const word = first.slice(0, ECHO_MAX);
    const [suggestion] = nearest(first, this.byWord.keys());
    const near = suggestion === undefined ? undefined : this.byWord.get(suggestion);
    if (suggestion === undefined || near === undefined) return new DomainError("command.unknown", { word });
    return new DomainError("command.didYouMean", { word, suggestion, command: near.name });
  }

  /** What a command asks, as parsed (tests). */
  parse(textIn: string, refs: UserRefParser): ParseResult {
    const read = this.read(textIn, refs);
    return read instanceof DomainError ? { ok: false, error: read } : { ok: true, command: read.input };
  }

  /** The help text: each command's usage line, then the roles. */
  helpText(locale: Locale): Rich {
    const usages = this.commands.map((def) => [text("• "), ...t(locale, def.usage)]);
    return t(locale, "help.text", {
      commands: lines(usages),
      roles: Object.values(ROLE_WORDS[locale]).join(", "),
    });
  }

  private async help(deps: ServiceDeps, req: Request): Promise<void> {
    await deps.store.transaction(async (repos) => {
      const tell = new Tell(deps, repos, undefined, deps.clock.now());
      await tell.actor(req, ({ locale }) => textMessage(this.helpText(locale)));
      await tell.flush();
    });
  }

  /** "Which équipe?": one button per case code, and the command to type instead. */
  chooseMessage(locale: Locale, choice: ChooseEquipe): Message {
    const def = this.commands.find((c) => c.name === choice.command);
    const example = commandRun(`${localWord(def, locale)} ${choice.caseCodes[0] ?? ""}`.trim());
    const buttons: Button[] = choice.caseCodes.map((caseCode) => ({
      action: `${CHOOSE_ACTION}:${caseCode}`,
      value: choice.command,
      label: caseCode,
      style: "default",
      selected: false,
    }));
    const rows: Block[] = [];
    for (let i = 0; i < buttons.length; i += ROW)
      rows.push({ type: "actions", buttons: buttons.slice(i, i + ROW) });
    return {
      blocks: [{ type: "text", content: t(locale, "place.which", { example }) }, ...rows],
      attachments: [],
    };
  }

  /**
   * Turns a refusal into the sentence the reader sees. A refusal that names its command (param
   * `command`) ends with that command's example; a suggested word (param `suggestion`) is shown
   * as the word to type.
   */
  errorText(locale: Locale, error: DomainError): Rich {
    const def = this.commands.find((c) => c.name === error.params.command);
    const usage = def ? t(locale, def.usage) : [];
    const word = String(error.params.word ?? "");
    const suggested = typeof error.params.suggestion === "string" ? error.params.suggestion : "";
    if (error.code === "command.usage") return t(locale, "command.usage", { usage });
    // The suggested command in the reader's language (`cancella` is nearest `cancel`: say `annulla`).
    if (error.code === "command.didYouMean")
      return t(locale, "command.didYouMean", {
        word,
        suggestion: [commandRun(def ? localWord(def, locale) : suggested)],
        usage,
      });
    let body: Rich;
    if (error.code === "role.unknown") {
      const roles = Object.values(ROLE_WORDS[locale]).join(", ");
      body =
        suggested === ""
          ? t(locale, "role.unknown", { word, roles })
          : t(locale, "role.didYouMean", { word, suggestion: [code(suggested)], roles });
    } else {
      const params = suggested === "" ? error.params : { ...error.params, suggestion: [code(suggested)] };
      body = refusalText(locale, { code: error.code, params });
    }
    return def ? lines([body, t(locale, "command.example", { usage })]) : body;
  }

  action(actionId: string): { def: ActionDef; variant: string | undefined } | undefined {
    const exact = this.actions.get(actionId);
    if (exact) return { def: exact, variant: undefined };
    const cut = actionId.lastIndexOf(":");
    const def = cut > 0 ? this.actions.get(actionId.slice(0, cut)) : undefined;
    return def ? { def, variant: actionId.slice(cut + 1) } : undefined;
  }

  form(formId: string): FormDef | undefined {
    return this.forms.get(formId);
  }

  job(kind: string): JobDef | undefined {
    return this.jobs.get(kind);
  }

  get jobKinds(): string[] {
    return [...this.jobs.keys()];
  }
}

/** The word a reader of this language types for the command (the first of theirs, as help shows it). */
function localWord(def: CommandDef | undefined, locale: Locale): string {
  if (def === undefined) return "";
  // Words are listed English first, then Italian.
  return (locale === "it" ? (def.words[1] ?? def.words[0]) : def.words[0]) ?? "";
}

function unique<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.has(key)) throw new Error(`two definitions answer to "${key}"`);
  map.set(key, value);
}

/**
 * The one entry point of every channel: commands, clicks, forms and due jobs go through here
 * to the feature that owns them. Refusals are answered to the actor in their language.
 */
export class Core {
  constructor(
    readonly deps: ServiceDeps,
    readonly registry: Registry,
  ) {}

  /** A typed command: parse, run; a refusal is answered privately and nothing it wrote survives. */
  async command(req: Request, textIn: string, refs: UserRefParser): Promise<void> {
    try {
      const read = this.registry.read(textIn, refs);
      if (read instanceof DomainError) throw read;
      await read.run(this.deps, req);
    } catch (error) {
      await this.reply(req, error);
    }
  }

  /** A click on one of our buttons. A click no button of ours could make is logged and dropped. */
  async action(req: Request, actionId: string, value: string): Promise<void> {
    const found = this.registry.action(actionId);
    const platform = req.actor.kind === "chat" ? req.actor.user.platform : "web";
    try {
      // Only an action said to open a form may open one: it is what put it ahead of the work
      // waiting (`QueuedCore`). One that does not say so fails where it tries, in every test.
      const request = found?.def.opensForm === true ? req : { ...req, ui: undefined };
      const outcome = found ? await found.def.run(this.deps, request, value, found.variant) : "malformed";
      if (outcome === "malformed") this.deps.log("action.malformed", { platform });
    } catch (error) {
      await this.reply(req, error);
    }
  }

  /** Where a form's answers go: the conversation it was opened from, or privately. */
  private formRequest(def: FormDef, req: Request, metadata: string): Request {
    if (def.opened === "conversation" && req.actor.kind === "chat")
      return {
        ...req,
        place: {
          kind: "conversation",
          channel: {
            platform: req.actor.user.platform,
            workspaceId: req.actor.user.workspaceId,
            channelId: metadata,
          },
        },
      };
    return { ...req, place: { kind: "private" } };
  }

  /** The fields a platform reads back from this form's submission (none for a form we do not know). */
  formFields(formId: string): readonly string[] {
    return this.registry.form(formId)?.fields ?? [];
  }

  /**
   * Checks a submission before the platform acknowledges it. A refusal is answered privately at
   * once (the form is not shown again: a stranger learns nothing of it); field errors come back,
   * in the submitter's language, for the platform to show beside each field.
   */
  async checkForm(
    req: Request,
    formId: string,
    values: Record<string, string>,
    metadata: string,
  ): Promise<FormCheck> {
    const def = this.registry.form(formId);
    const error = new DomainError("auth.notMember");
    if (def === undefined) {
      await this.reply({ ...req, place: { kind: "private" } }, error);
      return { kind: "refused", error };
    }
    const check = await def.check(this.deps, this.formRequest(def, req, metadata), values, metadata);
    if (check.kind === "refused") await this.reply({ ...req, place: { kind: "private" } }, check.error);
    return check;
  }

  /** Runs a form's use case once `checkForm` found nothing wrong (the platform acknowledged first). */
  async submitForm(
    req: Request,
    formId: string,
    values: Record<string, string>,
    metadata: string,
  ): Promise<void> {
    const def = this.registry.form(formId);
    if (def === undefined) return;
    const formReq = this.formRequest(def, req, metadata);
    try {
      await def.submit(this.deps, formReq, values, metadata);
    } catch (error) {
      await this.reply(formReq, error);
    }
  }

  /** Every job kind and the use case it runs; a payload that does not parse is logged and dropped. */
  jobHandlers(): Record<string, (jobId: string, payload: unknown) => Promise<void>> {
    const handlers: Record<string, (jobId: string, payload: unknown) => Promise<void>> = {};
    for (const kind of this.registry.jobKinds) {
      handlers[kind] = async (jobId, payload) => {
        const outcome = await this.registry.job(kind)?.run(this.deps, jobId, payload);
        if (outcome === "malformed") this.deps.log("job.malformed", { kind });
      };
    }
    return handlers;
  }

  /** Answers a refusal or failure to the actor, privately; logs only the code. */
  async reply(req: Request, error: unknown): Promise<void> {
    const platform = req.actor.kind === "chat" ? req.actor.user.platform : "web";
    if (error instanceof DuplicateDelivery) {
      this.deps.log("delivery.duplicate", { platform });
      return;
    }
    const locale = actorLocale(this.deps, req);
    let message: Message;
    if (error instanceof ChooseEquipe) {
      message = this.registry.chooseMessage(locale, error);
    } else if (isDomainError(error)) {
      this.deps.log("command.refused", { platform, code: error.code });
      message = textMessage(this.registry.errorText(locale, error));
    } else {
      this.deps.log("command.failed", { platform, error: error instanceof Error ? error.name : "unknown" });
      message = textMessage(t(locale, "error.internal"));
    }
    await this.deps.store.transaction(async (repos) => {
      const tell = new Tell(this.deps, repos, undefined, this.deps.clock.now());
      await tell.actor(req, () => message);
      await tell.flush();
    });
  }
}
