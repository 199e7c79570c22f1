import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../support/fakes.ts";
import { parseIcs } from "../support/ics.ts";
import { buttonClick, viewSubmission } from "../support/slack-driver.ts";
import { SlackHarness } from "../support/slack-server.ts";
import { RecordingSmtp } from "../support/smtp.ts";

const COORD = "U0COORD";
const EDU = "U0EDU";
const TEACHER = "U0TEACH";
const CHANNEL = "C0EQUIPE";

const clock = new FakeClock(new Date("2027-10-20T08:00:00Z"));
const h = new SlackHarness();
const smtp = new RecordingSmtp();

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; text: { text: string } }[];
};
const buttonsOf = (blocks: unknown) =>
  (blocks as Block[]).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
const dms = (userId: string) =>
  h.api.callsTo("chat.postMessage").filter((c) => c.args.channel === `D${userId}`);
const lastDmText = (userId: string) => String(dms(userId).at(-1)?.args.text ?? "");

/** The newest button with this action shown to a user, ephemeral or in their direct messages. */
function newestButton(userId: string, action: string) {
  const shown = h.api.calls.filter(
    (c) =>
      (c.method === "chat.postEphemeral" && c.args.user === userId) ||
      (c.method === "chat.postMessage" && c.args.channel === `D${userId}`),
  );
  for (const call of shown.reverse()) {
    const button = buttonsOf(call.args.blocks).find((b) => b.action_id === action);
    if (button) return button;
  }
  throw new Error(`no ${action} button`);
}

/** Sends the modal Slack showed last, with a reason. */
async function submitReason(userId: string, reason: string) {
  const view = h.api.callsTo("views.open").at(-1)?.args.view as
    | { callback_id: string; private_metadata: string }
    | undefined;
  await h.interact(
    viewSubmission(userId, view?.private_metadata ?? "", { reason }, view?.callback_id.replace(/^form:/, "")),
  );
  await h.settle();
}

async function tickJobs() {
  await h.running.jobs.tick();
  await h.settle();
}

/** The .ics files uploaded to a member's DM, newest last. */
function uploadedIcs(): string[] {
  return [...h.api.uploads.values()]
    .filter((body) => body.includes("BEGIN:VCALENDAR"))
    .map((body) =>
      // With its final CRLF: every content line ends with one (RFC 5545 §3.1), which parseIcs checks.
      body.slice(
        body.indexOf("BEGIN:VCALENDAR"),
        body.indexOf("END:VCALENDAR\r\n") + "END:VCALENDAR\r\n".length,
      ),
    );
}

beforeAll(async () => {
  const smtpUrl = await smtp.start();
  await h.start({
    clock,
    env: {
      SMTP_URL: smtpUrl,
      MAIL_FROM: "Équipe <equipe@comune.example>",
      PUBLIC_BASE_URL: "https://equipe.comune.example",
    },
  });
  await h.command(COORD, "setup FAM-2027-002");
  await h.command(COORD, `add <@${EDU}> educator`);
  await h.command(COORD, `add <@${TEACHER}> teacher`);
  await h.command(COORD, "add-external mamma@example.org parent Anna B.");
  await h.interact(
    viewSubmission(COORD, CHANNEL, {
      purpose: "t0",
      duration: "60",
      slots: "2027-10-29 15:00\n2027-11-02 15:00\n2027-11-03 09:00",
      deadline: "2027-10-27 18:00",
      location: "",
    }),
  );
  await h.settle();
  // Everyone but the teacher answers; the family cannot come on the 2nd.
  for (const user of [COORD, EDU]) {
    const buttons = buttonsOf(dms(user)[0]?.args.blocks);
    for (const index of [0, 3, 6])
      await h.interact(buttonClick(user, String(buttons[index]?.action_id), String(buttons[index]?.value)));
  }
  await h.command(COORD, "registra mamma@example.org 1:si 2:no 3:se");
  await h.settle();
});
afterAll(async () => {
  await h.stop();
  await smtp.close();
});

describe("Slack end to end: deadline, confirmation, invites, feeds", () => {
  it("reminds only those who have not answered, 24 hours before the deadline", async () => {
    clock.set(new Date(new Date("2027-10-26T16:00:00Z").getTime() + 60_000));
    await tickJobs();
    expect(lastDmText(TEACHER)).toContain("Promemoria");
    expect(lastDmText(EDU)).not.toContain("Promemoria");
    expect(lastDmText(COORD)).not.toContain("Promemoria");
    // The same job never fires twice, even if ticked again.
    const before = h.api.callsTo("chat.postMessage").length;
    await tickJobs();
    expect(h.api.callsTo("chat.postMessage").length).toBe(before);
  });

  it("at the deadline closes the polls and gives the coordinator the ranking, family first", async () => {
    clock.set(new Date("2027-10-27T16:00:01Z"));
    await tickJobs();
    const ranked = dms(COORD).at(-1);
    expect(String(ranked?.args.text)).toContain("è chiusa");
    const confirmButtons = buttonsOf(ranked?.args.blocks);
    // Slot 2 has the family's no: never offered first, and not offered at all.
    expect(confirmButtons.map((b) => b.text.text)).toEqual(["Conferma 1", "Conferma 3"]);
    const closedPoll = h.api
      .callsTo("chat.update")
      .filter((c) => c.args.channel === `D${TEACHER}`)
      .at(-1);
    expect(buttonsOf(closedPoll?.args.blocks)).toHaveLength(0);

    const late = buttonsOf(dms(TEACHER)[0]?.args.blocks)[0];
    await h.interact(buttonClick(TEACHER, String(late?.action_id), String(late?.value)));
    await h.settle();
    expect(lastDmText(TEACHER)).toContain("è chiusa");
    expect(await h.db.availability.count({ where: { member: { platformUserId: TEACHER } } })).toBe(0);
  });

  it("confirms with one click and sends every member the invite: .ics in Slack, iTIP e-mail outside", async () => {
    const [first] = buttonsOf(dms(COORD).at(-1)?.args.blocks);
    await h.interact(buttonClick(EDU, String(first?.action_id), String(first?.value)));
    await h.settle();
    expect(lastDmText(EDU)).toContain("Solo chi coordina");
    await h.interact(buttonClick(COORD, String(first?.action_id), String(first?.value)));
    await h.settle();
    expect((await h.db.meeting.findFirstOrThrow()).status).toBe("polling");
    const send = newestButton(COORD, "confirm-send");
    await h.interact(buttonClick(COORD, send.action_id, send.value));
    await h.settle();

    const meeting = await h.db.meeting.findFirstOrThrow();
    expect(meeting.status).toBe("confirmed");
    expect(meeting.startsAt?.toISOString()).toBe("2027-10-29T13:00:00.000Z");
    for (const user of [COORD, EDU, TEACHER])
      expect(dms(user).some((c) => String(c.args.text).includes("Sei invitato"))).toBe(true);
    const files = uploadedIcs();
    expect(files).toHaveLength(3);
    for (const file of files) {
      const parsed = parseIcs(file);
      // A file in chat is for importing (PUBLISH): iTIP REQUEST needs an attendee, which only e-mail has.
      expect(parsed.method).toBe("PUBLISH");
      expect(parsed.events[0]).toMatchObject({
        uid: meeting.icalUid,
        sequence: 0,
        start: "2027-10-29T13:00:00.000Z",
      });
      expect(parsed.events[0]?.summary).toBe("FAM-2027-002 — valutazione iniziale (T0)");
      expect(file).not.toContain("ATTENDEE");
    }

    const mail = smtp.messages.at(-1);
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toBe("mamma@example.org");
    expect(mail?.text).toContain("Buongiorno Anna B.");
    const raw = smtp.raw.at(-1) ?? "";
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const attachment = mail?.attachments.find((a) => a.filename?.endsWith(".ics"));
    expect(attachment).toBeDefined();
    const invite = parseIcs(attachment?.content.toString("utf8") ?? "");
    expect(invite.method).toBe("REQUEST");
    expect(invite.events[0]).toMatchObject({ uid: meeting.icalUid, start: "2027-10-29T13:00:00.000Z" });
    expect((attachment?.content.toString("utf8") ?? "").match(/^ATTENDEE/gm)).toHaveLength(1);

    const channel = h.api
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === CHANNEL)
      .at(-1);
    expect(String(channel?.args.text)).toContain("incontro confermato");
    expect(await h.db.queueItem.count({ where: { kind: "meeting.reminder", status: "pending" } })).toBe(1);
  });

  it("serves a personal feed with ETag and 304, and revokes it on reset", async () => {
    await h.command(EDU, "calendario");
    await h.settle();
    const url = /https:\/\/equipe\.comune\.example(\/calendar\/[A-Za-z0-9_-]{43}\.ics)/.exec(
      h.lastEphemeral(EDU),
    )?.[1];
    expect(url).toBeDefined();
    const first = await fetch(`${h.running.url}${url}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/calendar");
    const body = await first.text();
    const feed = parseIcs(body);
    expect(feed.events.map((e) => e.start)).toEqual(["2027-10-29T13:00:00.000Z"]);
    expect(body).not.toContain("ATTENDEE");
    expect(body).not.toContain("Anna");
    const etag = first.headers.get("etag") ?? "";
    expect((await fetch(`${h.running.url}${url}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    // A Last-Modified is given only once its second is over (a later change in that second would hide).
    expect(first.headers.get("last-modified")).toBeNull();
    clock.set(new Date(clock.now().getTime() + 2000));
    const settled = await fetch(`${h.running.url}${url}`);
    const lastModified = settled.headers.get("last-modified") ?? "";
    expect(lastModified).not.toBe("");
    expect(
      (await fetch(`${h.running.url}${url}`, { headers: { "if-modified-since": lastModified } })).status,
    ).toBe(304);

    await h.command(EDU, "calendario nuovo");
    await h.settle();
    expect(h.lastEphemeral(EDU)).toContain("non funziona più");
    expect((await fetch(`${h.running.url}${url}`)).status).toBe(404);
    expect((await fetch(`${h.running.url}/calendar/not-a-token.ics`)).status).toBe(404);
    const stored = await h.db.feedToken.findMany({ select: { tokenHash: true } });
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash) && !url?.includes(row.tokenHash))).toBe(
      true,
    );
  });

  it("moves the meeting with the same UID and a higher SEQUENCE", async () => {
    await h.command(COORD, "sposta 2027-11-04 10:30");
    await h.settle();
    await submitReason(COORD, "La sala è occupata");
    const meeting = await h.db.meeting.findFirstOrThrow();
    expect(meeting.sequence).toBe(1);
    const moved = parseIcs(uploadedIcs().at(-1) ?? "");
    expect(moved.events[0]).toMatchObject({
      uid: meeting.icalUid,
      sequence: 1,
      start: "2027-11-04T09:30:00.000Z",
    });
    const mail = smtp.messages.at(-1);
    expect(mail?.subject).toContain("spostato");
    expect(await h.db.queueItem.count({ where: { kind: "meeting.reminder", status: "pending" } })).toBe(1);
    await h.command(COORD, "sposta domani");
    await h.settle();
    expect(h.lastEphemeral(COORD)).toContain("manca l'ora");
    expect(h.lastEphemeral(COORD)).toContain("/equipe sposta 5/12 ore 15");
  });

  it("reminds every member 24 hours before the meeting", async () => {
    clock.set(new Date("2027-11-03T09:31:00Z"));
    const mails = smtp.messages.length;
    await tickJobs();
    for (const user of [COORD, EDU, TEACHER]) expect(lastDmText(user)).toContain("Promemoria");
    expect(smtp.messages.length).toBe(mails + 1);
    expect(smtp.messages.at(-1)?.subject).toContain("Promemoria");
  });

  it("cancels with METHOD:CANCEL to everyone", async () => {
    await h.command(TEACHER, "annulla");
    await h.settle();
    expect(h.lastEphemeral(TEACHER)).toContain("Solo chi coordina");
    await h.command(COORD, "annulla");
    await h.settle();
    await submitReason(COORD, "La famiglia si è trasferita");
    const meeting = await h.db.meeting.findFirstOrThrow();
    expect(meeting.status).toBe("cancelled");
    const cancelled = parseIcs(uploadedIcs().at(-1) ?? "");
    expect(cancelled.method).toBe("PUBLISH");
    expect(cancelled.events[0]).toMatchObject({ uid: meeting.icalUid, sequence: 2, status: "CANCELLED" });
    const mail = smtp.raw.at(-1) ?? "";
    expect(mail).toMatch(/method=CANCEL/i);
    const byMail = smtp.messages.at(-1)?.attachments.find((a) => a.filename?.endsWith(".ics"));
    const iTip = parseIcs(byMail?.content.toString("utf8") ?? "");
    expect(iTip.method).toBe("CANCEL");
    expect(iTip.events[0]).toMatchObject({ uid: meeting.icalUid, sequence: 2, status: "CANCELLED" });
    await h.command(COORD, "annulla");
    await h.settle();
    expect(h.lastEphemeral(COORD)).toContain("Non c'è una proposta aperta");
  });
});
