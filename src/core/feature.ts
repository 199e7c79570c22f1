import { z } from "zod";
import { lines } from "../content/model.ts";
import { type CaseCode, parseCaseCode } from "../domain/case-code.ts";
import { DomainError } from "../domain/errors.ts";
import type { FieldErrors, FormSpec } from "../domain/forms.ts";
import { refusalText, type UsageKey } from "../i18n/catalogue.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Repositories } from "../ports/store.ts";
import type { ServiceDeps } from "./deps.ts";
import type { Request } from "./request.ts";

/**
 * What a feature contributes: its commands, button actions, forms and jobs. Each is declared
 * with its own parser (a zod schema for what a platform hands back), so the registry routes
 * typed input to typed handlers and nothing is cast.
 */
export interface Feature {
  name: string;
  commands: readonly CommandDef[];
  actions: readonly ActionDef[];
  forms: readonly FormDef[];
  jobs: readonly JobDef[];
}

/** How a platform writes a user mention in command text (Slack `<@U123|name>`, Teams roster ids). */
export type UserRefParser = (token: string) => string | undefined;

/** A parsed command: its name and its typed input. */
export type ParsedCommand = { name: string } & Record<string, unknown>;

export interface CommandDef {
  /** The canonical (English) name. */
  name: string;
  /** Every word that calls it, Italian and English; the first Italian one is the one help shows. */
  words: readonly string[];
  /** The catalogue line that shows how to write it (help, and "write it like this"). */
  usage: UsageKey;
  /** It may ask "which équipe?" (a personal command in a direct message): only then does a choice button run it. */
  choosesEquipe?: boolean;
  /**
   * Reads the words after the subcommand: the typed input and the use case bound to it, or a
   * DomainError saying what was wrong.
   */
  parse(args: readonly string[], refs: UserRefParser): ReadCommand | DomainError;
}

/** A command read from its words: what it asks (for tests and logs) and the work, ready to run. */
export interface ReadCommand {
  input: ParsedCommand;
  run(deps: ServiceDeps, req: Request): Promise<void>;
}

/** A command whose words parse into `A` (an object: the parsed command's fields). */
export function command<A extends Record<string, unknown>>(spec: {
  name: string;
  words: readonly string[];
  usage: UsageKey;
  choosesEquipe?: boolean;
  parse?: (args: readonly string[], refs: UserRefParser) => A | DomainError;
  run: (deps: ServiceDeps, req: Request, input: A) => Promise<void>;
}): CommandDef {
  const noArguments = (args: readonly string[]): A | DomainError =>
    args.length === 0 ? ({} as A) : usageError(spec.name);
  const parse = spec.parse ?? noArguments;
  return {
    name: spec.name,
    words: spec.words,
    usage: spec.usage,
    ...(spec.choosesEquipe ? { choosesEquipe: true } : {}),
    parse(args, refs) {
      const input = parse(args, refs);
      if (input instanceof DomainError) return input;
      return { input: { name: spec.name, ...input }, run: (deps, req) => spec.run(deps, req, input) };
    },
  };
}

/** "Write it like this": the command's usage line. */
export const usageError = (name: string) => new DomainError("command.usage", { command: name });

/** How much of a wrong case code we repeat back. */
const CASE_ECHO_MAX = 30;

/**
 * The words of a personal command (`stato`, `stato FAM-2025-014`): nothing, or the case code of
 * the équipe meant — what a direct message needs when the person is in several.
 */
export function optionalCaseCode(name: string) {
  return (args: readonly string[]): { caseCode: CaseCode | undefined } | DomainError => {
    const [word, ...rest] = args;
    if (word === undefined) return { caseCode: undefined };
    if (rest.length > 0) return usageError(name);
    const caseCode = parseCaseCode(word);
    return caseCode
      ? { caseCode }
      : new DomainError("caseCode.invalid", { value: word.slice(0, CASE_ECHO_MAX) });
  };
}

/**
 * A button. `id` routes the click; an id written `<id>:<variant>` on the button (Slack wants
 * each button of a row to have its own) reaches the same action with the variant.
 */
export interface ActionDef {
  id: string;
  /**
   * Whether the click opens a form (a modal, a dialog): it then goes ahead of the work waiting
   * (`QueuedCore`), as a person waits for it and Slack accepts a form's trigger for three seconds.
   */
  opensForm?: true;
  /** Parses what the button carries; undefined for a click no button of ours could have made. */
  run(
    deps: ServiceDeps,
    req: Request,
    value: string,
    variant: string | undefined,
  ): Promise<"done" | "malformed">;
}

export function action<V, W = undefined>(spec: {
  id: string;
  /** What the button's value carries: ids only. */
  value: z.ZodType<V>;
  /** The part after `id:` in the button's id, where the action has variants. */
  variant?: z.ZodType<W>;
  /** Set when the click opens a form (see `ActionDef.opensForm`). */
  opensForm?: true;
  run: (deps: ServiceDeps, req: Request, value: V, variant: W) => Promise<void>;
}): ActionDef {
  return {
    id: spec.id,
    ...(spec.opensForm ? { opensForm: true as const } : {}),
    async run(deps, req, raw, rawVariant) {
      const value = spec.value.safeParse(raw);
      const variant = spec.variant
        ? spec.variant.safeParse(rawVariant)
        : { success: true as const, data: undefined };
      if (!value.success || !variant.success) return "malformed";
      await spec.run(deps, req, value.data, variant.data as W);
      return "done";
    },
  };
}

/** What checking a submitted form found: allowed and valid, field errors (with the form to show again), or refused. */
export type FormCheck =
  | { kind: "ok" }
  | { kind: "invalid"; errors: FieldErrors; form: FormSpec }
  | { kind: "refused"; error: DomainError };

export interface FormDef {
  id: string;
  /** The fields a platform reads back from a submission. */
  fields: readonly string[];
  /**
   * Where the form was opened: from a command in a conversation (its metadata is that
   * conversation's id, and answers go there), or privately (its metadata names an object).
   */
  opened: "conversation" | "private";
  /**
   * Before a platform acknowledges: who is submitting is established first (a refusal shows
   * nothing of the form), then the fields are checked. Writes nothing.
   */
  check(
    deps: ServiceDeps,
    req: Request,
    values: Record<string, string>,
    metadata: string,
  ): Promise<FormCheck>;
  /** The submission itself, after the acknowledgement: the same checks again, then the change. */
  submit(deps: ServiceDeps, req: Request, values: Record<string, string>, metadata: string): Promise<void>;
}

/**
 * A form. `authorize` runs first, always: it establishes who is acting and what they may see
 * (a DomainError refuses: the form closes and nothing of it is shown), and returns what the rest
 * needs. Only then are the values checked, and only an authorized person ever sees the form
 * again with its errors.
 *
 * A refusal that depends on the state rather than on who is asking (a poll already open, a
 * decision already recorded, a deadline passed) is thrown by `validate`: the submitter sees the
 * form again with what they typed and the refusal beside its first field (Slack shows errors
 * only beside a field), never a closed form and a chat message that loses their text.
 */
export function form<S extends Record<string, z.ZodType<string>>, M, A>(spec: {
  id: string;
  opened: "conversation" | "private";
  /** The fields as submitted: every value a string (an empty one for an optional field left blank). */
  values: z.ZodObject<S>;
  /** What the form carried: a conversation id or an object id. */
  metadata: z.ZodType<M>;
  authorize: (deps: ServiceDeps, req: Request, metadata: M) => Promise<A>;
  /** Field errors of an authorized submission (none: valid), and the form to show them on. */
  validate: (
    deps: ServiceDeps,
    req: Request,
    allowed: A,
    values: z.infer<z.ZodObject<S>>,
  ) => Promise<{ errors: FieldErrors; form: FormSpec } | undefined>;
  /** The form to show again with a refusal `validate` threw, in the submitter's language. */
  again: (allowed: A) => { form: FormSpec; locale: Locale };
  submit: (deps: ServiceDeps, req: Request, values: z.infer<z.ZodObject<S>>, metadata: M) => Promise<void>;
}): FormDef {
  const fields = Object.keys(spec.values.shape);
  const read = (values: Record<string, string>, metadata: string) => {
    const parsedValues = spec.values.safeParse(values);
    const parsedMetadata = spec.metadata.safeParse(metadata);
    return parsedValues.success && parsedMetadata.success
      ? { values: parsedValues.data, metadata: parsedMetadata.data }
      : undefined;
  };
  return {
    id: spec.id,
    fields,
    opened: spec.opened,
    async check(deps, req, values, metadata) {
      // A submission no form of ours could have produced reads like one from a stranger.
      const input = read(values, metadata);
      if (input === undefined) return { kind: "refused", error: new DomainError("auth.notMember") };
      let allowed: A;
      try {
        allowed = await spec.authorize(deps, req, input.metadata);
      } catch (error) {
        if (error instanceof DomainError) return { kind: "refused", error };
        throw error;
      }
      try {
        const invalid = await spec.validate(deps, req, allowed, input.values);
        return invalid ? { kind: "invalid", ...invalid } : { kind: "ok" };
      } catch (error) {
        // A refusal that depends on the state (a poll already open, the outcome recorded meanwhile):
        // the form again, with what was typed, and the refusal where the submitter is looking.
        if (!(error instanceof DomainError)) throw error;
        const { form: shown, locale } = spec.again(allowed);
        // Beside the first field a person fills in: a content field has nowhere to show an error on Slack.
        const field = shown.fields.find((f) => f.kind !== "content")?.name;
        if (field === undefined) return { kind: "refused", error };
        return { kind: "invalid", errors: { [field]: refusalText(locale, error) }, form: shown };
      }
    },
    async submit(deps, req, values, metadata) {
      const input = read(values, metadata);
      if (input === undefined) throw new DomainError("auth.notMember");
      await spec.submit(deps, req, input.values, input.metadata);
    },
  };
}

/**
 * A form as authorized: the form to show again, and — when the thing it is about changed
 * since it was shown (moved, confirmed, cancelled by someone else) — that refusal, which
 * `validate` throws so that the form comes back with the reason still typed in it.
 */
export interface ShownFormState {
  locale: Locale;
  form: FormSpec;
  stale?: DomainError;
}

/** A state check that refuses: its refusal, kept for `validate` (anything else still throws). */
export function staleness(check: () => void): DomainError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/**
 * Validates a form that was authorized with a state check: a change meanwhile first (shown beside
 * the first field, the text kept), then the form's own checks.
 */
export async function validateFresh(
  allowed: ShownFormState,
  check: () => { errors: FieldErrors; form: FormSpec } | undefined,
): Promise<{ errors: FieldErrors; form: FormSpec } | undefined> {
  if (allowed.stale) throw allowed.stale;
  return check();
}

/** Due work in the queue. */
export interface JobDef {
  kind: string;
  run(deps: ServiceDeps, jobId: string, payload: unknown): Promise<"done" | "malformed">;
}

/** The longest value a form field may carry; each field's own limit is checked with a message in the domain. */
const FIELD_MAX = 10_000;
/** A submitted field: text. */
export const field = () => z.string().max(FIELD_MAX);

/** A job kind that can be scheduled with a typed payload. */
export type ScheduledJob<P> = JobDef & {
  /** `now`: the unit of work's clock (see `QueueWriter.schedule`). */
  schedule(repos: Repositories, key: string, dueAt: Date, payload: P, now: Date): Promise<void>;
};

/** A job kind with its payload schema; `schedule` writes one inside the caller's transaction. */
export function job<P extends Record<string, unknown>>(spec: {
  kind: string;
  payload: z.ZodType<P>;
  run: (deps: ServiceDeps, jobId: string, payload: P) => Promise<void>;
}): ScheduledJob<P> {
  return {
    kind: spec.kind,
    async run(deps, jobId, payload) {
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) return "malformed";
      await spec.run(deps, jobId, parsed.data);
      return "done";
    },
    async schedule(repos, key, dueAt, payload, now) {
      await repos.jobs.schedule({ kind: spec.kind, key, dueAt, payload }, now);
    },
  };
}

/**
 * A collection with a deadline (a poll, a decision): a reminder before it, unless that moment
 * has passed already, and the deadline itself. Both keyed, so scheduling twice changes nothing.
 */
export async function scheduleDeadline<P extends Record<string, unknown>>(
  repos: Repositories,
  deps: Pick<ServiceDeps, "reminders">,
  jobs: {
    reminder: { job: ScheduledJob<P>; key: string };
    deadline: { job: ScheduledJob<P>; key: string };
    at: Date;
    payload: P;
  },
  now: Date,
): Promise<void> {
  const reminderAt = new Date(jobs.at.getTime() - deps.reminders.beforeDeadlineMs);
  if (reminderAt.getTime() > now.getTime())
    await jobs.reminder.job.schedule(repos, jobs.reminder.key, reminderAt, jobs.payload, now);
  await jobs.deadline.job.schedule(repos, jobs.deadline.key, jobs.at, jobs.payload, now);
}

/**
 * A domain check's field errors, as sentences in the reader's language; a field with several
 * errors (every bad line of a list) shows them all, one per line.
 */
export function fieldErrors(
  locale: Locale,
  errors: Partial<Record<string, DomainError | readonly DomainError[]>>,
): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, error] of Object.entries(errors)) {
    if (error === undefined) continue;
    const list = error instanceof DomainError ? [error] : error;
    if (list.length > 0) out[name] = lines(list.map((e) => refusalText(locale, e)));
  }
  return out;
}

/** The first of a check's errors, for a use case that must refuse with one (the state moved since the check). */
export function firstError(
  errors: Partial<Record<string, DomainError | readonly DomainError[]>>,
): DomainError {
  for (const error of Object.values(errors)) {
    const first = error instanceof DomainError ? error : error?.[0];
    if (first) return first;
  }
  return new DomainError("error.internal");
}
