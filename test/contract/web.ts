import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, expect } from "vitest";
import { htmlView } from "../support/display.ts";
import { FakeClock } from "../support/fakes.ts";
import { mailText, RecordingSmtp } from "../support/smtp.ts";
import type { Cast, ChatDriver } from "./driver.ts";

/**
 * The web channel as a person outside chat uses it: a browser given their personal link. The
 * contract suites for the web (meetings now, decisions next) drive the pages only through this
 * helper, as the chat suites drive Slack and Teams only through `ChatDriver`: open a page, read
 * what it shows in neutral terms, follow a link, fill in a form by the words on the screen and
 * send it. It keeps no cookie and no state of its own, as a link opened on a phone keeps none.
 */

/** A personal page link anywhere in a text: its whole URL (token 256 bits, base64url). */
export const PAGE_LINK = /https?:\/\/[^\s"'<>]+\/p\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/**
 * The one personal page link a letter carries (every page link in it is the same one); throws
 * when it has none or several: a person is given one link.
 */
export function pageLinkIn(mail: ParsedMail): string {
  const links = new Set(mailText(mail).match(PAGE_LINK) ?? []);
  if (links.size !== 1)
    throw new Error(
      `expected one page link in «${mail.subject ?? ""}», found ${[...links].join(", ") || "none"}`,
    );
  return [...links][0] as string;
}

/**
 * The one link a letter carries to a page below the person's link (`/decisione/<id>`,
 * `/incontro/<id>`: what `under` starts with), whole; throws when it has none or several different.
 */
export function pageLinkUnder(mail: ParsedMail, under: string): string {
  const deep = /https?:\/\/[^\s"'<>]+\/p\/[A-Za-z0-9_-]{43}\/[^\s"'<>)\]]*/g;
  const links = new Set(
    (mailText(mail).match(deep) ?? []).filter((url) =>
      new URL(url).pathname.replace(/^\/p\/[A-Za-z0-9_-]{43}/, "").startsWith(under),
    ),
  );
  if (links.size !== 1)
    throw new Error(
      `expected one link to ${under} in «${mail.subject ?? ""}», found ${[...links].join(", ") || "none"}`,
    );
  return [...links][0] as string;
}

/** One answer a person can pick in a question (a radio button or a checkbox), as they read it. */
export interface SeenChoice {
  label: string;
  value: string;
  checked: boolean;
}

/**
 * One thing a form asks, as the person reads it: a group of radio buttons or checkboxes under its
 * legend, or a box to type in under its label; hidden fields are read too (kind `hidden`).
 */
export interface SeenField {
  name: string;
  kind: "radio" | "checkbox" | "text" | "textarea" | "hidden";
  /** The legend of the group or the label of the box (for a hidden field, its name). */
  question: string;
  /** What a box holds now (a hidden field's value); empty for a group. */
  value: string;
  choices: SeenChoice[];
}

/** A form on a page: where it goes, its CSRF token, what it asks, its buttons. */
export interface SeenForm {
  method: string;
  /** Where it is sent, resolved against the page's own address. */
  action: string;
  /** The page's form token (the hidden field `csrf`), if it has one. */
  csrf: string | undefined;
  fields: SeenField[];
  buttons: string[];
}

/** A page as a person sees it, and what the server answered. */
export interface SeenPage {
  /** The HTTP status of the answer shown (after any redirect followed). */
  status: number;
  /** The redirects followed on the way, in order. */
  redirects: { status: number; location: string }[];
  /** Where the page was read from, on our server. */
  url: string;
  contentType: string;
  /** `no-store` and the other headers a page is sent with, lower-cased names. */
  headers: Record<string, string>;
  /** The document's language (`<html lang>`). */
  lang: string;
  title: string;
  /** Visible text with markup reduced (the same reading as every other channel's view). */
  text: string;
  links: { label: string; url: string }[];
  forms: SeenForm[];
  /** The document as it came, for what no neutral reading covers. */
  html: string;
}

/** What a submission did: the POST's own status (303 when accepted), then the page the browser shows. */
export interface Submitted {
  status: number;
  page: SeenPage;
}

/** A file the person downloads (the add-to-calendar file). */
export interface Downloaded {
  status: number;
  contentType: string;
  disposition: string;
  body: string;
}

/**
 * How a submission's CSRF token is sent: as the page gave it (default), left out, or replaced by
 * another value (a forged or stale form).
 */
export type CsrfUse = { csrf?: "as-given" | "omitted" | { replacedBy: string } };

/** Redirects a browser follows with a GET whatever the request was (ours answer a good form with 303). */
const REDIRECTS = new Set([301, 302, 303]);
/** Redirects that repeat the request as it was: none of our pages sends one, so one is a failure. */
const REPEATING_REDIRECTS = new Set([307, 308]);
/** More hops than any page of ours makes: a loop is a failure, not a wait. */
const MAX_REDIRECTS = 5;

export class WebVisitor {
  /**
   * @param serverUrl where our server answers in the test (the link's host is the public one)
   * @param link the person's personal page link, as it reached them (a letter, a hand-over)
   */
  constructor(
    private readonly serverUrl: string,
    readonly link: string,
  ) {}

  /** A URL as shown to the person (absolute public one, or a path on a page) on our test server. */
  onServer(url: string, from = this.link): string {
    const resolved = new URL(url, new URL(from, "http://public.invalid"));
    return `${this.serverUrl}${resolved.pathname}${resolved.search}`;
  }

  /** Opens a page by GET (the personal page when no URL is given), following redirects. */
  async open(url: string = this.link): Promise<SeenPage> {
    return this.read(await this.go(this.onServer(url), { method: "GET" }));
  }

  /** The URL of the link with this label (exact, or matching a pattern); throws when there is none. */
  linkOn(page: SeenPage, label: string | RegExp): string {
    const found = page.links.find((l) =>
      typeof label === "string" ? l.label === label : label.test(l.label),
    );
    if (found === undefined)
      throw new Error(
        `no link «${label}» on ${page.url}; links: ${page.links.map((l) => l.label).join(" | ")}`,
      );
    return this.onServer(found.url, page.url);
  }

  /** Follows the link with this label, as a tap on it. */
  follow(page: SeenPage, label: string | RegExp): Promise<SeenPage> {
    return this.open(this.linkOn(page, label));
  }

  /** Downloads what the link with this label points to (a file, not a page). */
  async download(page: SeenPage, label: string | RegExp): Promise<Downloaded> {
    const response = await fetch(this.linkOn(page, label), { redirect: "manual" });
    return {
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      disposition: response.headers.get("content-disposition") ?? "",
      body: await response.text(),
    };
  }

  /**
   * Fills in the page's form and sends it, as a browser does: `answers` maps what a question
   * says (a legend, a label) to what the person picks (a choice's label) or types; everything
   * else is sent as the page holds it (choices already ticked, hidden fields, the CSRF token
   * unless `csrf` says otherwise). A redirect after it is followed by GET.
   */
  async submit(page: SeenPage, answers: Record<string, string>, options: CsrfUse & { form?: number } = {}) {
    const form = page.forms[options.form ?? 0];
    if (form === undefined) throw new Error(`no form on ${page.url}`);
    const body = formBody(form, answers, options.csrf ?? "as-given");
    return this.send(form.action, body);
  }

  /** Sends a body of form fields to a URL by POST, as a forged or replayed form would. */
  async send(url: string, body: URLSearchParams): Promise<Submitted> {
    const posted = await this.go(this.onServer(url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    return { status: posted.first, page: await this.read(posted) };
  }

  /** One request, then GETs for every redirect, recording each hop. */
  private async go(url: string, init: RequestInit) {
    const redirects: { status: number; location: string }[] = [];
    let response = await fetch(url, { ...init, redirect: "manual" });
    const first = response.status;
    let at = url;
    if (REPEATING_REDIRECTS.has(first))
      throw new Error(`${first} from ${url}: not a redirect our pages send`);
    while (REDIRECTS.has(response.status)) {
      if (redirects.length >= MAX_REDIRECTS) throw new Error(`too many redirects from ${url}`);
      const location = response.headers.get("location") ?? "";
      redirects.push({ status: response.status, location });
      // The body of a redirect is not read by a browser; drain it all the same.
      await response.arrayBuffer();
      at = this.onServer(location, at);
      response = await fetch(at, { method: "GET", redirect: "manual" });
    }
    return { response, redirects, first, at };
  }

  private async read({ response, redirects, at }: Awaited<ReturnType<WebVisitor["go"]>>): Promise<SeenPage> {
    const html = await response.text();
    const view = htmlView(bodyOf(html));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return {
      status: response.status,
      redirects,
      url: at,
      contentType: headers["content-type"] ?? "",
      headers,
      lang: /<html\b[^>]*\blang="([^"]*)"/i.exec(html)?.[1] ?? "",
      title: decode(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? ""),
      text: view.text,
      links: view.links,
      forms: formsOf(html, at),
      html,
    };
  }
}

// ————— reading forms —————

/** What a browser shows: the body, without the head (title, stylesheet link). */
const bodyOf = (html: string) => /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
/** An attribute's or a title's text with its character references decoded. */
function decode(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (all, name: string) => {
    if (!name.startsWith("#")) return ENTITIES[name] ?? all;
    const hex = name[1] === "x" || name[1] === "X";
    return String.fromCodePoint(Number.parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
  });
}

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
    attributes[(match[1] ?? "").toLowerCase()] = decode(match[2] ?? match[3] ?? match[4] ?? "");
  return attributes;
}

/** Inner markup as the text a person reads. */
const textOf = (inner: string) => htmlView(inner).text;

/** Every form of a document, its fields grouped by name and named by what the page says of them. */
function formsOf(html: string, pageUrl: string): SeenForm[] {
  const forms: SeenForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = attributesOf(match[1] ?? "");
    const inner = match[2] ?? "";
    const labels = new Map<string, string>();
    for (const label of inner.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
      const forId = attributesOf(label[1] ?? "").for;
      if (forId !== undefined) labels.set(forId, textOf(label[2] ?? ""));
    }
    const fields: SeenField[] = [];
    const byName = new Map<string, SeenField>();
    let legend = "";
    const tokens =
      /<fieldset\b[^>]*>|<\/fieldset>|<legend\b[^>]*>([\s\S]*?)<\/legend>|<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<button\b([^>]*)>([\s\S]*?)<\/button>/gi;
    const buttons: string[] = [];
    for (const token of inner.matchAll(tokens)) {
      const [all, legendInner, inputAttributes, areaAttributes, areaText, , buttonInner] = token;
      if (/^<\/?fieldset/i.test(all)) {
        legend = "";
        continue;
      }
      if (legendInner !== undefined) {
        legend = textOf(legendInner);
        continue;
      }
      if (buttonInner !== undefined) {
        buttons.push(textOf(buttonInner));
        continue;
      }
      const input = attributesOf(inputAttributes ?? areaAttributes ?? "");
      const ownLabel = input.id === undefined ? undefined : labels.get(input.id);
      const type = areaAttributes !== undefined ? "textarea" : (input.type ?? "text").toLowerCase();
      if (type === "submit" || type === "button" || type === "reset") {
        buttons.push(input.value ?? "");
        continue;
      }
      const name = input.name;
      if (name === undefined) continue;
      if (type === "textarea") {
        // The text of a textarea starts after one newline, as HTML parses it.
        const value = decode((areaText ?? "").replace(/^\r?\n/, ""));
        fields.push({ name, kind: "textarea", question: ownLabel ?? (legend || name), value, choices: [] });
        continue;
      }
      if (type === "radio" || type === "checkbox") {
        let group = byName.get(name);
        if (group === undefined) {
          group = { name, kind: type, question: legend || name, value: "", choices: [] };
          byName.set(name, group);
          fields.push(group);
        }
        group.choices.push({
          label: ownLabel ?? "",
          value: input.value ?? "on",
          checked: "checked" in input,
        });
        continue;
      }
      const kind = type === "hidden" ? "hidden" : "text";
      fields.push({
        name,
        kind,
        question: kind === "hidden" ? name : (ownLabel ?? (legend || name)),
        value: input.value ?? "",
        choices: [],
      });
    }
    forms.push({
      method: (attributes.method ?? "get").toLowerCase(),
      action: new URL(attributes.action ?? "", pageUrl).toString(),
      csrf: fields.find((f) => f.kind === "hidden" && f.name === "csrf")?.value,
      fields,
      buttons,
    });
  }
  return forms;
}

/**
 * The body a browser sends for this form with these answers: a question answered takes the
 * choice with that label (several, for checkboxes: labels joined by ` + `) or the text typed;
 * the others keep what the page holds. An answer that names no question, or no choice, or a
 * question the page asks twice, is a mistake in the test, not something to send. (Selects are
 * not read: no page of ours has one.)
 */
function formBody(form: SeenForm, answers: Record<string, string>, csrf: CsrfUse["csrf"]): URLSearchParams {
  const body = new URLSearchParams();
  const used = new Set<string>();
  for (const field of form.fields) {
    const given = Object.hasOwn(answers, field.question) ? answers[field.question] : undefined;
    if (given !== undefined) used.add(field.question);
    if (field.kind === "hidden" && field.name === "csrf") {
      if (csrf === "omitted") continue;
      body.append(field.name, typeof csrf === "object" ? csrf.replacedBy : field.value);
      continue;
    }
    if (field.kind === "radio" || field.kind === "checkbox") {
      const picked =
        given === undefined
          ? field.choices.filter((c) => c.checked)
          : given.split(" + ").map((label) => {
              const choice = field.choices.find((c) => c.label === label);
              if (choice === undefined)
                throw new Error(
                  `no choice «${label}» for «${field.question}»: ${field.choices.map((c) => c.label).join(" | ")}`,
                );
              return choice;
            });
      for (const choice of picked) body.append(field.name, choice.value);
      continue;
    }
    body.append(field.name, given ?? field.value);
  }
  for (const question of used) {
    const asked = form.fields.filter((f) => f.question === question);
    if (asked.length > 1)
      throw new Error(`«${question}» names ${asked.length} fields: the answer would fill them all`);
  }
  const unknown = Object.keys(answers).filter((question) => !used.has(question));
  if (unknown.length > 0)
    throw new Error(
      `no question «${unknown.join("», «")}» in the form; it asks: ${form.fields.map((f) => f.question).join(" | ")}`,
    );
  return body;
}

/** A token of the right shape that no link has. */
export const UNKNOWN_TOKEN = "A".repeat(43);

/** Someone with a link of the right shape that no member has, at the same place as `visitor`'s. */
export const unknownBeside = (visitor: WebVisitor, serverUrl: string): WebVisitor =>
  new WebVisitor(serverUrl, visitor.link.replace(/[A-Za-z0-9_-]{43}$/, UNKNOWN_TOKEN));

/** A page a parent reads never names the case: not in its words, its title or its address. */
export function expectNoCaseCode(page: SeenPage, caseCode: string): void {
  expect(page.text).not.toContain(caseCode);
  expect(page.title).not.toContain(caseCode);
  expect(page.url).not.toContain(caseCode);
}

/**
 * What every web-channel scenario starts from: the coordinator's chat platform on a fake clock,
 * with a recording SMTP server (the parent's letters are where her links come from), started
 * before the scenario and stopped after it.
 */
export function webScenario(makeDriver: () => ChatDriver, startsAt: Date) {
  const clock = new FakeClock(startsAt);
  const d = makeDriver();
  const smtp = new RecordingSmtp();
  beforeAll(async () => {
    await d.start(clock);
    await d.restart({ SMTP_URL: await smtp.start() });
  });
  afterAll(async () => {
    await d.stop();
    await smtp.close();
  });
  return {
    clock,
    d,
    smtp,
    db: () => d.running.db,
    /** Types a command in the équipe's conversation and waits until it is handled. */
    async type(who: Cast, words: string): Promise<void> {
      await d.command(who, words);
      await d.settle();
    },
    /** The one letter this address got since `from` messages into the recording. */
    letterTo(address: string, from: number): ParsedMail {
      const letters = smtp.to(address, from);
      expect(letters, `letters to ${address}`).toHaveLength(1);
      return letters[0] as ParsedMail;
    },
  };
}
