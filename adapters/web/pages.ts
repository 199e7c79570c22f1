import type { Message } from "../../src/content/model.ts";
import { ANSWERS, type Answer } from "../../src/domain/meeting.ts";
import type { PersonalPage, PollPage } from "../../src/features/pages/queries.ts";
import type { Locale } from "../../src/i18n/locale.ts";
import { documentHtml, type PageContext } from "./layout.ts";
import { escapeHtml, renderHtml, renderMessageHtml } from "./render.ts";
import { say } from "./words.ts";

const ANSWER_WORDS = {
  yes: "answer.yes",
  if_needed: "answer.if_needed",
  no: "answer.no",
} as const satisfies Record<Answer, string>;

const link = (href: string, label: string, attributes = "") =>
  `<a href="${escapeHtml(href)}"${attributes}>${label}</a>`;

/** The personal page: what is waiting for the member, their next meetings, their calendar. */
export function personalPageHtml(ctx: PageContext, page: PersonalPage): string {
  const { locale, urls } = ctx;
  const parts: string[] = [`<h1>${say(locale, "personal.heading")}</h1>`];
  if (page.name) parts.push(`<p>${say(locale, "personal.hello", { name: page.name })}</p>`);
  parts.push(`<p>${say(locale, "personal.equipe", { equipe: { html: renderHtml(page.equipe) } })}</p>`);

  parts.push(`<h2>${say(locale, "personal.waiting")}</h2>`);
  const waiting: string[] = [];
  if (page.poll) {
    const { meetingId, deadline, answered } = page.poll;
    waiting.push(
      `<div class="card"><p>${say(locale, answered ? "personal.pollAnswered" : "personal.poll", { deadline })}</p>` +
        `<p>${link(urls.poll(meetingId), say(locale, answered ? "personal.pollChange" : "personal.pollLink"), ' class="button"')}</p></div>`,
    );
  }
  if (page.decision) {
    const { id, question, deadline, answered, required } = page.decision;
    waiting.push(
      `<div class="card"><p>${say(locale, "personal.decision")}</p>` +
        `<p class="question">${escapeHtml(question).replace(/\r?\n/g, "<br>")}</p>` +
        `<p>${say(locale, answered ? "personal.decisionAnswered" : "personal.decisionHow", { deadline })}</p>` +
        (required ? "" : `<p>${say(locale, "personal.decisionOptional")}</p>`) +
        `<p>${link(urls.decision(id), say(locale, answered ? "personal.decisionChange" : "personal.decisionLink"), ' class="button"')}</p></div>`,
    );
  }
  const summary = page.summary;
  const summaryLine =
    summary === undefined
      ? ""
      : summary.state === "toRead"
        ? summary.by
          ? say(locale, "personal.summaryToReadBy", { number: summary.number, date: summary.by })
          : say(locale, "personal.summaryToRead", { number: summary.number })
        : summary.state === "acknowledged"
          ? say(locale, "personal.summaryAcknowledged", { number: summary.number, date: summary.on })
          : say(locale, "personal.summaryNothingNew", { number: summary.number });
  // A summary to read is waiting for them; one they have read is listed on its own below.
  if (summary?.state === "toRead")
    waiting.push(
      `<div class="card"><p>${summaryLine}</p>` +
        `<p>${link(urls.summary(summary.versionId), say(locale, "personal.summaryLink"), ' class="button"')}</p></div>`,
    );
  parts.push(waiting.length > 0 ? waiting.join("\n") : `<p>${say(locale, "personal.nothing")}</p>`);
  if (summary !== undefined && summary.state !== "toRead")
    parts.push(
      `<h2>${say(locale, "personal.summary")}</h2>`,
      `<p>${summaryLine} ${link(urls.summary(summary.versionId), say(locale, "personal.summaryLink"))}</p>`,
    );

  if (page.minutes.length > 0) {
    // One line per meeting with minutes, the newest first.
    parts.push(`<h2>${say(locale, "personal.minutes")}</h2>`);
    parts.push(
      `<ul class="minutes">${page.minutes
        .map((m) => {
          const words = { date: m.date, number: m.number };
          const line =
            m.state === "toRead"
              ? m.by
                ? say(locale, "personal.minutesToReadBy", { ...words, by: m.by })
                : say(locale, "personal.minutesToRead", words)
              : m.state === "acknowledged"
                ? say(locale, "personal.minutesAcknowledged", { ...words, on: m.on })
                : say(locale, "personal.minutesNothingNew", words);
          const which = `<span class="visually-hidden"> ${say(locale, "personal.minutesLinkWhich", { date: m.date })}</span>`;
          return `<li>${m.state === "toRead" ? `<strong>${line}</strong>` : line} ${link(urls.summary(m.versionId), `${say(locale, "personal.minutesLink")}${which}`)}</li>`;
        })
        .join("\n")}</ul>`,
    );
  }

  parts.push(`<h2>${say(locale, "personal.meetings")}</h2>`);
  if (page.meetings.length === 0) parts.push(`<p>${say(locale, "personal.noMeetings")}</p>`);
  else
    parts.push(
      `<ul class="meetings">${page.meetings
        .map(
          (meeting) =>
            `<li><span class="when">${escapeHtml(meeting.when)}</span>${escapeHtml(meeting.title)}` +
            (meeting.place ? `<br>${say(locale, "place", { place: meeting.place })}` : "") +
            `<br>${link(
              urls.eventFile(meeting.id),
              `${say(locale, "personal.addToCalendar")}<span class="visually-hidden"> ${say(locale, "personal.addToCalendarWhich", { when: meeting.when })}</span>`,
            )}</li>`,
        )
        .join("\n")}</ul>`,
    );

  if (page.decided) {
    parts.push(`<h2>${say(locale, "personal.decided")}</h2>`);
    parts.push(`<p>${say(locale, "personal.decidedText")}</p>`);
    parts.push(`<p>${link(urls.decided, say(locale, "personal.decidedLink"))}</p>`);
  }

  if (page.feed !== undefined) {
    parts.push(`<h2>${say(locale, "personal.feed")}</h2>`);
    parts.push(`<p>${say(locale, "personal.feedText")}</p>`);
    parts.push(`<p>${link(page.feed, say(locale, "personal.feedLink"))}</p>`);
  }
  return documentHtml(ctx, { title: "title.personal", body: parts.join("\n") });
}

/** What the poll form shows besides the poll: its token, what was ticked, which times are missing. */
export interface PollForm {
  csrf: string;
  /** The answers to show ticked: what was submitted (after an error), else what is recorded. */
  ticked: ReadonlyMap<string, Answer>;
  /** Times submitted without an answer: an error summary at the top, each field marked. */
  missing: ReadonlySet<string>;
}

const slotField = (slotId: string) => `slot-${slotId}`;

/** The poll's heading lines: what the meeting is, how long, where. */
function pollIntro(locale: Locale, poll: PollPage): string {
  return (
    `<p>${say(locale, "poll.what", { title: poll.title, minutes: poll.minutes })}</p>` +
    (poll.place ? `\n<p>${say(locale, "place", { place: poll.place })}</p>` : "")
  );
}

/**
 * The time poll as a form: one question per proposed time, Sì / Se necessario / No as large
 * radio buttons (the current answer checked), the CSRF token hidden, one button. Missing answers
 * (GOV.UK "Error message" pattern): a summary first, linking to each field, and each field marked.
 */
export function pollPageHtml(ctx: PageContext, poll: PollPage, form: PollForm): string {
  const { locale, urls } = ctx;
  const parts: string[] = [];
  const missing = poll.slots.filter((slot) => form.missing.has(slot.id));
  if (missing.length > 0)
    parts.push(
      `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">` +
        `<h2 id="error-summary-title">${say(locale, "error.summary")}</h2><ul>${missing
          .map(
            (slot) =>
              `<li>${link(`#${slotField(slot.id)}-yes`, say(locale, "poll.missing", { when: slot.when }))}</li>`,
          )
          .join("")}</ul></div>`,
    );
  parts.push(`<h1>${say(locale, "poll.heading")}</h1>`);
  parts.push(pollIntro(locale, poll));
  parts.push(`<p>${say(locale, "poll.how", { deadline: poll.deadline })}</p>`);
  const fields = poll.slots.map((slot) => {
    const name = slotField(slot.id);
    const wrong = form.missing.has(slot.id);
    const error = wrong
      ? `<p class="error-message" id="${name}-error"><span class="visually-hidden">${say(locale, "error.label")} </span>${say(locale, "poll.missing", { when: slot.when })}</p>`
      : "";
    const radios = ANSWERS.map((answer) => {
      const id = `${name}-${answer}`;
      const checked = form.ticked.get(slot.id) === answer ? " checked" : "";
      return `<div class="radio"><input type="radio" id="${id}" name="${name}" value="${answer}"${checked}><label for="${id}">${say(locale, ANSWER_WORDS[answer])}</label></div>`;
    }).join("");
    return (
      `<fieldset class="${wrong ? "field field-error" : "field"}"${wrong ? ` aria-describedby="${name}-error"` : ""}>` +
      `<legend>${escapeHtml(slot.when)}</legend>${error}${radios}</fieldset>`
    );
  });
  parts.push(
    `<form method="post" action="${escapeHtml(urls.poll(poll.meetingId))}" novalidate>\n` +
      `<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">\n${fields.join("\n")}\n` +
      `<button type="submit" class="button">${say(locale, "poll.submit")}</button>\n</form>`,
  );
  return documentHtml(ctx, {
    title: "title.poll",
    error: missing.length > 0,
    back: urls.personal,
    body: parts.join("\n"),
  });
}

/** The member's answers, one line per time. */
function answersList(locale: Locale, poll: PollPage): string {
  return `<ul>${poll.slots
    .map(
      (slot) =>
        `<li>${escapeHtml(slot.when)}: <strong>${say(locale, slot.answer ? ANSWER_WORDS[slot.answer] : "answer.none")}</strong></li>`,
    )
    .join("")}</ul>`;
}

/** After a good submission: saved, what they answered, until when they can change it. */
export function donePageHtml(ctx: PageContext, poll: PollPage): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "done.heading")}</h1>`,
    `<p>${say(locale, "done.text")}</p>`,
    `<h2>${say(locale, "done.yours")}</h2>`,
    answersList(locale, poll),
    poll.state === "open"
      ? `<p>${say(locale, "done.change", { deadline: poll.deadline })} ${link(urls.poll(poll.meetingId), say(locale, "personal.pollChange"))}</p>`
      : "",
    `<p>${link(urls.personal, say(locale, "back"))}</p>`,
  ];
  return documentHtml(ctx, { title: "title.done", body: body.join("\n") });
}

/** A poll that takes no more answers: why, and what happens now; the member's answers as they stand. */
export function closedPageHtml(ctx: PageContext, poll: PollPage): string {
  const { locale, urls } = ctx;
  const body = [`<h1>${say(locale, "closed.heading")}</h1>`, pollIntro(locale, poll)];
  if (poll.state === "confirmed" && poll.confirmed) {
    const { confirmed } = poll;
    body.push(`<p>${say(locale, "closed.confirmed", { when: confirmed.when })}</p>`);
    if (confirmed.place) body.push(`<p>${say(locale, "place", { place: confirmed.place })}</p>`);
    body.push(`<p>${link(urls.eventFile(confirmed.id), say(locale, "personal.addToCalendar"))}</p>`);
  } else if (poll.state === "cancelled") body.push(`<p>${say(locale, "closed.cancelled")}</p>`);
  else body.push(`<p>${say(locale, "closed.expired", { deadline: poll.deadline })}</p>`);
  body.push(`<h2>${say(locale, "done.yours")}</h2>`, answersList(locale, poll));
  return documentHtml(ctx, { title: "title.closed", back: urls.personal, body: body.join("\n") });
}

/** A POST without this form's token: nothing was saved, and the way back to the form. */
export function forbiddenPageHtml(ctx: PageContext, meetingId: string): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "forbidden.heading")}</h1>`,
    `<p>${say(locale, "forbidden.text")}</p>`,
    `<p>${link(urls.poll(meetingId), say(locale, "forbidden.link"))}</p>`,
  ];
  return documentHtml(ctx, {
    title: "title.forbidden",
    error: true,
    back: urls.personal,
    body: body.join("\n"),
  });
}

/** Answers the core did not take (the poll closed meanwhile): what it said, as it said it. */
export function notSavedPageHtml(ctx: PageContext, meetingId: string, said: readonly Message[]): string {
  const { locale, urls } = ctx;
  const body = [
    `<h1>${say(locale, "notSaved.heading")}</h1>`,
    `<p>${say(locale, "notSaved.text")}</p>`,
    ...said.map((message) => `<div class="card">${renderMessageHtml(message)}</div>`),
    `<p>${link(urls.poll(meetingId), say(locale, "notSaved.link"))}</p>`,
  ];
  return documentHtml(ctx, {
    title: "title.notSaved",
    error: true,
    back: urls.personal,
    body: body.join("\n"),
  });
}
