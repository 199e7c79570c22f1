import type { Inline, Rich } from "../content/model.ts";
import type { Locale } from "./locale.ts";

/**
 * Catalogue templates. A template is a string in a small neutral syntax, parsed once into
 * segments; values are inserted afterwards as runs of content and never parsed:
 *
 * - `{name}` a placeholder: a string or number becomes a text run, content is inserted as it is;
 * - `**…**` strong (placeholders inside become strong too);
 * - `` `…` `` a fixed-width literal; `` `/equipe aiuto` `` is a command example, which each
 *   channel writes its own way (Slack `/equipe aiuto`, Teams `@Équipe aiuto`);
 * - a line break is a line break; `\` makes the next character literal.
 *
 * A plural entry is `{ one, other }`, chosen with `Intl.PluralRules` on the `count` placeholder.
 * Placeholders are checked by the compiler: `t(locale, key, params)` wants exactly the names
 * the template uses.
 */
export interface Plural {
  readonly one: string;
  readonly other: string;
}
export type Entry = string | Plural;
export type Catalogue = { readonly [key: string]: Entry };

/** The placeholder names of one template string. */
type Names<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Names<R> : never;

/** The placeholder names of an entry (a plural entry always takes `count`). */
export type EntryParams<E> = E extends string
  ? Names<E>
  : E extends Plural
    ? Names<E["one"]> | Names<E["other"]> | "count"
    : never;

/** What a placeholder takes: text, a number, or content (a mention, a run of content). */
export type ParamValue = string | number | Inline | Rich;

export type ParamsOf<E> = {
  [K in EntryParams<E>]: K extends "count" ? (E extends Plural ? number : ParamValue) : ParamValue;
};

/** No second argument for a template without placeholders. */
export type ParamArgs<E> = [EntryParams<E>] extends [never] ? [] : [ParamsOf<E>];

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * `true` when every entry of the second catalogue has the same placeholders as the first; else
 * the first key that differs, which the compiler shows. Use: `const check: SameParams<I, E> = true`.
 */
export type SameParams<I extends Catalogue, E extends { readonly [K in keyof I]: Entry }> = [
  {
    [K in keyof I]: Equal<EntryParams<I[K]>, EntryParams<E[K]>> extends true ? never : K;
  }[keyof I],
] extends [never]
  ? true
  : {
      [K in keyof I]: Equal<EntryParams<I[K]>, EntryParams<E[K]>> extends true ? never : K;
    }[keyof I];

type Segment =
  | { kind: "text"; text: string; strong: boolean }
  | { kind: "code"; text: string }
  | { kind: "command"; text: string }
  | { kind: "param"; name: string; strong: boolean }
  | { kind: "break" };

const COMMAND_PREFIX = "/equipe";
const PLACEHOLDER = /^\{(\w+)\}/;

/** Parses one template string into segments (the catalogue's own syntax, never a person's text). */
export function parseTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  let strong = false;
  let literal = "";
  const flush = () => {
    if (literal !== "") segments.push({ kind: "text", text: literal, strong });
    literal = "";
  };
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i] as string;
    if (char === "\\" && i + 1 < template.length) {
      literal += template[i + 1];
      i += 1;
    } else if (char === "*" && template[i + 1] === "*") {
      flush();
      strong = !strong;
      i += 1;
    } else if (char === "`") {
      const end = template.indexOf("`", i + 1);
      if (end < 0) throw new Error(`unclosed \` in template: ${template}`);
      flush();
      const inner = template.slice(i + 1, end);
      if (inner === COMMAND_PREFIX || inner.startsWith(`${COMMAND_PREFIX} `))
        segments.push({ kind: "command", text: inner.slice(COMMAND_PREFIX.length).trim() });
      else segments.push({ kind: "code", text: inner });
      i = end;
    } else if (char === "{") {
      const match = PLACEHOLDER.exec(template.slice(i));
      if (match === null) throw new Error(`malformed placeholder in template: ${template}`);
      flush();
      segments.push({ kind: "param", name: match[1] as string, strong });
      i += match[0].length - 1;
    } else if (char === "\n") {
      flush();
      segments.push({ kind: "break" });
    } else {
      literal += char;
    }
  }
  if (strong) throw new Error(`unclosed ** in template: ${template}`);
  flush();
  return segments;
}

function emphasised(inline: Inline, strong: boolean): Inline {
  if (!strong) return inline;
  return inline.type === "text" || inline.type === "mention" ? { ...inline, strong: true } : inline;
}

/** The runs a placeholder's value becomes. */
function valueRuns(value: ParamValue | undefined, name: string, strong: boolean): Inline[] {
  // A missing value stays visible rather than vanish: the compiler stops it in our own code.
  if (value === undefined) return [{ type: "text", text: `{${name}}` }];
  if (typeof value === "string" || typeof value === "number") {
    const run: Inline = { type: "text", text: String(value) };
    return [emphasised(run, strong)];
  }
  const runs = Array.isArray(value) ? value : [value];
  return runs.map((run) => emphasised(run, strong));
}

/** Adjacent text runs of the same weight become one (renderers and tests read fewer pieces). */
function merged(runs: Inline[]): Rich {
  const out: Inline[] = [];
  for (const run of runs) {
    const previous = out.at(-1);
    if (
      run.type === "text" &&
      previous?.type === "text" &&
      (previous.strong ?? false) === (run.strong ?? false)
    ) {
      out[out.length - 1] = { ...previous, text: previous.text + run.text };
    } else if (!(run.type === "text" && run.text === "")) {
      out.push(run);
    }
  }
  return out;
}

/** Whether a run ends a sentence by itself: a name such as `Anna B.`, a reason ending in `!`. */
function endsSentence(run: Inline | undefined): boolean {
  const shown = run?.type === "text" ? run.text : run?.type === "mention" ? run.name : "";
  return /[.!?…]$/.test(shown);
}

/**
 * Italian elides the article before a number read with a vowel: "l'8 gennaio", "dell'11 marzo",
 * never "il 8", "del 11". The article is the template's, the date the value's: where a value
 * starts with 8 or 11 (a day) right after one of these articles, the article takes the elided form.
 */
const ELIDED: Record<string, string> = {
  il: "l'",
  del: "dell'",
  al: "all'",
  dal: "dall'",
  nel: "nell'",
  sul: "sull'",
};
const ARTICLE_BEFORE = /(^|[\s(])(il|del|al|dal|nel|sul) $/i;
const VOWEL_NUMBER = /^(8|11)(?![\d.,:])/;

function elide(runs: Inline[], value: ParamValue | undefined): void {
  if (typeof value !== "string" || !VOWEL_NUMBER.test(value)) return;
  const last = runs.at(-1);
  if (last?.type !== "text") return;
  const match = ARTICLE_BEFORE.exec(last.text);
  const article = match?.[2];
  if (match === null || article === undefined) return;
  const elided = ELIDED[article.toLowerCase()] ?? `${article} `;
  const shown =
    article[0] === article[0]?.toUpperCase() ? `${elided[0]?.toUpperCase()}${elided.slice(1)}` : elided;
  runs[runs.length - 1] = {
    ...last,
    text: `${last.text.slice(0, last.text.length - article.length - 1)}${shown}`,
  };
}

export function fill(
  segments: readonly Segment[],
  params: Record<string, ParamValue | undefined>,
  options: { elideArticles?: boolean } = {},
): Rich {
  const runs: Inline[] = [];
  let afterValue = false;
  for (const segment of segments) {
    const previousWasValue = afterValue;
    afterValue = segment.kind === "param";
    switch (segment.kind) {
      case "text": {
        // A value that ends its own sentence takes the template's full stop: never "Anna B..".
        const literal =
          previousWasValue && segment.text.startsWith(".") && endsSentence(runs.at(-1))
            ? segment.text.slice(1)
            : segment.text;
        runs.push(
          segment.strong ? { type: "text", text: literal, strong: true } : { type: "text", text: literal },
        );
        break;
      }
      case "code":
        runs.push({ type: "code", text: segment.text });
        break;
      case "command":
        runs.push({ type: "command", text: segment.text });
        break;
      case "break":
        runs.push({ type: "break" });
        break;
      case "param":
        if (options.elideArticles) elide(runs, params[segment.name]);
        runs.push(...valueRuns(params[segment.name], segment.name, segment.strong));
        break;
    }
  }
  return merged(runs);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralForm(locale: Locale, count: number): "one" | "other" {
  let rules = pluralRules.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  // Italian and English have "one" and "other" for integers; any other category reads as "other".
  return rules.select(count) === "one" ? "one" : "other";
}

export type Translate<C extends Catalogue> = <K extends keyof C & string>(
  locale: Locale,
  key: K,
  ...params: ParamArgs<C[K]>
) => Rich;

/**
 * A translation function over one catalogue per locale (the Italian one gives the keys and the
 * placeholders; the others must match, see `SameParams`). Templates are parsed once, lazily.
 */
export function translator<C extends Catalogue>(
  catalogues: {
    readonly [L in Locale]: { readonly [K in keyof C]: Entry };
  },
): Translate<C> {
  const parsed = new Map<string, Segment[]>();
  const segmentsOf = (locale: Locale, template: string) => {
    const cacheKey = `${locale}\u0000${template}`;
    let segments = parsed.get(cacheKey);
    if (segments === undefined) {
      segments = parseTemplate(template);
      parsed.set(cacheKey, segments);
    }
    return segments;
  };
  return (locale, key, ...args) => {
    const entry = catalogues[locale][key] as Entry;
    const params = (args[0] ?? {}) as Record<string, ParamValue | undefined>;
    const template = typeof entry === "string" ? entry : entry[pluralForm(locale, Number(params.count ?? 0))];
    return fill(segmentsOf(locale, template), params, { elideArticles: locale === "it" });
  };
}
