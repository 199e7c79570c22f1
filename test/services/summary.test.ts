import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSlackUserRef } from "../../adapters/slack/payloads.ts";
import type { Message } from "../../src/content/model.ts";
import { plainMessage, plainText } from "../../src/content/plain.ts";
import type { Core } from "../../src/core/dispatch.ts";
import type { Request } from "../../src/core/request.ts";
import { DomainError } from "../../src/domain/errors.ts";
import type { FormSpec } from "../../src/domain/forms.ts";
import type { MemberId } from "../../src/domain/ids.ts";
import { SECTION_KEYS, type SectionKey } from "../../src/domain/summary.ts";
import { createCore } from "../../src/features/registry.ts";
import { openSummary } from "../../src/features/summaries/actions.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { CHANNEL, FakeClock, makeDeps, slackCtx } from "../support/fakes.ts";
import { queued as queuedRows, storedInClear } from "../support/sealed.ts";

let testDb: TestDb;
let core: Core;
let clock: FakeClock;
const run = (user: string, text: string) => core.command(slackCtx(user), text, parseSlackUserRef);

/** Every message queued for someone, opened, newest last. */
async function queued(): Promise<{ to: string; text: string; message: Message }[]> {
  const rows = await queuedRows(testDb.db, { kind: "message" });
  return rows.map((row) => {
    const outgoing = JSON.parse(row.payload) as {
      target: { userId?: string; to?: string };
      message: Message;
    };
    return {
      to: outgoing.target.userId ?? outgoing.target.to ?? "",
      text: plainMessage(outgoing.message),
      message: outgoing.message,
    };
  });
}

async function memberId(user: string): Promise<MemberId> {
  const row = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: user } });
  return row.id as MemberId;
}

async function coordinatorReq(): Promise<Request> {
  return {
    actor: { kind: "link", memberId: await memberId("U0COORD") },
    place: { kind: "private" },
    deliveryKey: `edit:${Math.random()}`,
  };
}

const PSY_ONLY = "social_worker,psychologist";
const TEXTS: Partial<Record<SectionKey, string>> = {
  needs: "Needs-text: il bambino ha bisogno di routine.",
  responses: "Responses-text: la madre risponde con affetto.",
  environment: "Environment-text: la nonna aiuta il martedì.",
  situation: "Situation-text: la frequenza scolastica è migliorata.",
  goals: "Goals-text: due pomeriggi di educativa a settimana.",
  agreements: "Agreements-text: incontro mensile con la scuola.",
};

function editValues(texts: Partial<Record<SectionKey, string>>, extra: Record<string, string> = {}) {
  const values: Record<string, string> = { note: "", acknowledgeBy: "", intent: "circulate" };
  for (const key of SECTION_KEYS) {
    values[`text_${key}`] = texts[key] ?? "";
    values[`audience_${key}`] =
      key === "responses"
        ? PSY_ONLY
        : key === "needs"
          ? "social_worker,educator,teacher,psychologist"
          : key === "environment"
            ? "social_worker,educator,psychologist"
            : "everyone";
  }
  return { ...values, ...extra };
}

async function circulate(
  texts: Partial<Record<SectionKey, string>>,
  extra: Record<string, string> = {},
  metadata?: string,
) {
  const equipe = await testDb.db.equipe.findFirstOrThrow();
  const req = await coordinatorReq();
  const answers: Message[] = [];
  const values = editValues(texts, { note: "Prima stesura", ...extra });
  const inline = { answer: (m: Message) => void answers.push(m) };
  const check = await core.checkForm({ ...req, inline }, "summary-edit", values, metadata ?? equipe.id);
  expect(check).toMatchObject({ kind: "ok" });
  await core.submitForm({ ...req, inline }, "summary-edit", values, metadata ?? equipe.id);
  return answers.map((m) => plainMessage(m)).join("\n");
}

/** Opens the newest version as this Slack user, through the "Read" button: the form it shows. */
async function readAs(user: string, full = false): Promise<FormSpec> {
  const version = await testDb.db.summaryVersion.findFirstOrThrow({ orderBy: { number: "desc" } });
  const forms: FormSpec[] = [];
  await core.action(
    { ...slackCtx(user), place: { kind: "private" }, ui: { openForm: async (f) => void forms.push(f) } },
    full ? "summary-full" : "summary-read",
    version.id,
  );
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

const formText = (form: FormSpec) =>
  form.fields.map((f) => (f.kind === "content" ? plainText(f.content) : "")).join("\n");

async function acknowledge(user: string, values: Partial<Record<string, string>> = {}) {
  const version = await testDb.db.summaryVersion.findFirstOrThrow({ orderBy: { number: "desc" } });
  const req = { ...slackCtx(user), place: { kind: "private" as const } };
  const all = { ack: "yes", section: "", kind: "add", comment: "", ...values };
  const check = await core.checkForm(req, "summary-read", all, version.id);
  if (check.kind !== "ok") return check;
  await core.submitForm(req, "summary-read", all, version.id);
  return check;
}

beforeEach(async () => {
  testDb = await freshDb();
  clock = new FakeClock(new Date("2026-12-01T09:00:00Z"));
  core = createCore(makeDeps(new PrismaStore(testDb.db), clock));
  await run("U0COORD", "setup FAM-2026-014");
  await run("U0COORD", "add <@U0PSY> psicologa");
  await run("U0COORD", "add <@U0TEACH> insegnante");
  await run("U0COORD", "add <@U0EDU> educatore");
  await run("U0COORD", "add <@U0MUM> genitore");
});
afterEach(() => testDb.dispose());

describe("the case summary", () => {
  it("gives the coordinator alone a short-lived editor link, stored hashed", async () => {
    await run("U0COORD", "sintesi");
    const last = (await queued()).at(-1)!;
    expect(last.text).toContain("Editor della sintesi di FAM-2026-014");
    const link = await testDb.db.summaryEditLink.findFirstOrThrow();
    expect(link.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.expiresAt.getTime() - clock.now().getTime()).toBe(60 * 60_000);
    await run("U0TEACH", "sintesi");
    expect((await queued()).at(-1)!.text).not.toContain("Editor");
    expect(await testDb.db.summaryEditLink.count()).toBe(1);
  });

  it("shows each reader only the sections meant for their role", async () => {
    const report = await circulate(TEXTS);
    expect(report).toContain("Versione 1 della sintesi di FAM-2026-014 circolata");
    const teacher = formText(await readAs("U0TEACH"));
    expect(teacher).toContain("Needs-text");
    expect(teacher).not.toContain("Responses-text");
    expect(teacher).not.toContain("Environment-text");
    const psy = formText(await readAs("U0PSY"));
    expect(psy).toContain("Responses-text");
    const mum = formText(await readAs("U0MUM"));
    expect(mum).toContain("Situation-text");
    expect(mum).toContain("Agreements-text");
    expect(mum).not.toContain("Needs-text");
    expect(mum).not.toContain("Responses-text");
    // The notices carry no text of the summary.
    for (const message of await queued()) expect(message.text).not.toMatch(/-text/);
  });

  it("asks again only the readers of changed sections, and shows them the difference", async () => {
    await circulate(TEXTS);
    for (const user of ["U0PSY", "U0TEACH", "U0EDU", "U0MUM"]) await acknowledge(user);
    const before = (await queued()).length;
    await circulate(
      { ...TEXTS, responses: `${TEXTS.responses} Il padre partecipa agli incontri.` },
      { note: "Aggiunto il padre" },
    );
    const notices = (await queued()).slice(before);
    const psy = notices.find((n) => n.to === "U0PSY")!;
    expect(psy.text).toContain("Versione 2 della sintesi di FAM-2026-014: cambiati «Risposte dei genitori»");
    const teacher = notices.find((n) => n.to === "U0TEACH")!;
    expect(teacher.text).toContain("non sono cambiate");
    // The family reads none of the changed sections: no letter, no notice asking anything.
    expect(
      notices
        .filter((n) => n.to === "U0MUM")
        .map((n) => n.text)
        .join(),
    ).not.toContain("cambiati");
    const form = formText(await readAs("U0PSY"));
    expect(form).toContain("Aggiunto: Il padre partecipa agli incontri.");
    // The note speaks of a section the teacher and the family do not read: it is not theirs.
    expect(form).toContain("Aggiunto il padre");
    expect(formText(await readAs("U0TEACH"))).not.toContain("Aggiunto il padre");
    expect(formText(await readAs("U0MUM"))).not.toContain("Aggiunto il padre");
    expect(form).not.toContain("Agreements-text");
    expect(form).toContain("invariata dalla versione 1");
    expect(formText(await readAs("U0PSY", true))).toContain("Agreements-text");
  });

  it("records no reading when the version could not be shown (Slack's trigger expired meanwhile)", async () => {
    await circulate(TEXTS);
    const version = await testDb.db.summaryVersion.findFirstOrThrow();
    const reads = () =>
      testDb.db.auditEntry.count({
        where: { subjectId: version.id, action: { startsWith: "summary.read" } },
      });
    await core.action(
      {
        ...slackCtx("U0TEACH"),
        place: { kind: "private" },
        ui: {
          openForm: async () => {
            throw new DomainError("form.tooLate");
          },
        },
      },
      "summary-read",
      version.id,
    );
    expect(await reads()).toBe(0);
    expect((await queued()).at(-1)?.text).toContain("Il modulo non si è aperto in tempo");
    await readAs("U0TEACH");
    expect(await reads()).toBe(1);
    // The same click delivered twice (a platform's retry): shown once, read once, no error.
    const shown: FormSpec[] = [];
    const click = {
      ...slackCtx("U0PSY"),
      place: { kind: "private" as const },
      ui: { openForm: async (form: FormSpec) => void shown.push(form) },
    };
    const told = (await queued()).length;
    await core.action(click, "summary-read", version.id);
    await core.action(click, "summary-read", version.id);
    expect(shown).toHaveLength(1);
    expect(await reads()).toBe(2);
    expect(await queued()).toHaveLength(told);
  });

  it("records every opening in the audit trail, and lists reads only to coordinators", async () => {
    await circulate(TEXTS);
    await readAs("U0TEACH");
    await acknowledge("U0TEACH");
    const version = await testDb.db.summaryVersion.findFirstOrThrow();
    const reads = await testDb.db.auditEntry.findMany({
      where: { subjectId: version.id, action: { startsWith: "summary.read" } },
    });
    expect(reads.map((r) => r.action)).toEqual(["summary.read.slack"]);
    await run("U0COORD", "sintesi letture");
    const list = (await queued()).at(-1)!.text;
    expect(list).toMatch(/insegnante.*presa visione il/);
    expect(list).toMatch(/psicolog.*presa visione da dare/);
    await run("U0PSY", "sintesi letture");
    expect((await queued()).at(-1)!.text).not.toContain("Letture");
  });

  it("a web reader's opening is recorded with the web channel; a stranger's version reads as not found", async () => {
    await circulate(TEXTS);
    const version = await testDb.db.summaryVersion.findFirstOrThrow();
    const mum = await memberId("U0MUM");
    const opened = await openSummary(
      core.deps,
      { actor: { kind: "link", memberId: mum }, place: { kind: "private" } },
      version.id,
      {
        full: false,
      },
    );
    expect(opened.view.sections.map((s) => s.key)).toEqual(["situation", "goals", "agreements"]);
    expect(await testDb.db.auditEntry.count({ where: { action: "summary.read.web" } })).toBe(1);
    await expect(
      openSummary(
        core.deps,
        { actor: { kind: "link", memberId: "nobody" as MemberId }, place: { kind: "private" } },
        version.id,
        {
          full: false,
        },
      ),
    ).rejects.toMatchObject({ code: "summary.notFound" });
  });

  it("reminds on the acknowledge-by day only those who have not acknowledged", async () => {
    await circulate(TEXTS, { acknowledgeBy: "2026-12-10" });
    await acknowledge("U0TEACH");
    const [job] = await queuedRows(testDb.db, { kind: "summary.reminder" });
    if (job === undefined) throw new Error("no reminder job");
    expect(job.dueAt.toISOString()).toBe("2026-12-10T08:00:00.000Z");
    const before = (await queued()).length;
    clock.set(new Date("2026-12-10T08:00:00Z"));
    await core.jobHandlers()["summary.reminder"]!(String(job.id), JSON.parse(job.payload));
    const reminded = (await queued()).slice(before).filter((n) => n.text.includes("Promemoria"));
    expect(reminded.map((n) => n.to).sort()).toEqual(["U0EDU", "U0MUM", "U0PSY"]);
  });

  it("takes a reader's request to the coordinators, and their answer back", async () => {
    await circulate(TEXTS);
    const check = await acknowledge("U0PSY", {
      ack: "no",
      section: "responses",
      kind: "correct",
      comment: "Non è corretto: la madre lavora.",
    });
    expect(check.kind).toBe("ok");
    const comment = await testDb.db.summaryComment.findFirstOrThrow();
    expect(comment.body).not.toContain("la madre lavora");
    const toCoord = (await queued()).filter((n) => n.to === "U0COORD").at(-1)!;
    expect(toCoord.text).toContain("ha una richiesta sulla sezione «Risposte dei genitori»");
    expect(toCoord.text).not.toContain("la madre lavora");
    // A section the reader may not read cannot be questioned.
    const teacher = await acknowledge("U0TEACH", { section: "responses", comment: "x" });
    expect(teacher.kind).toBe("invalid");
    const req = { ...slackCtx("U0COORD"), place: { kind: "private" as const } };
    await core.submitForm(
      req,
      "summary-answer",
      { answer: "Grazie, lo correggo.", included: "yes" },
      comment.id,
    );
    const back = (await queued()).filter((n) => n.to === "U0PSY").at(-1)!;
    expect(back.text).toContain("C'è una risposta alla tua richiesta");
    expect(back.text).not.toContain("lo correggo");
    await core.submitForm(
      { ...req, deliveryKey: "again" },
      "summary-answer",
      { answer: "Di nuovo", included: "no" },
      comment.id,
    );
    expect((await queued()).at(-1)!.text).toContain("ha già risposto");
  });

  it("refuses to circulate nothing new, and keeps sections sealed at rest", async () => {
    await circulate(TEXTS);
    const equipe = await testDb.db.equipe.findFirstOrThrow();
    const check = await core.checkForm(
      await coordinatorReq(),
      "summary-edit",
      editValues(TEXTS, { note: "x" }),
      equipe.id,
    );
    expect(check.kind).toBe("invalid");
    expect(await testDb.db.summaryVersion.count()).toBe(1);
    const rows = await testDb.db.summarySection.findMany();
    for (const row of rows) expect(row.body).toMatch(/^e1\./);
    expect(await storedInClear(testDb, "Needs-text")).toBe(false);
  });

  it("writes a confirmed meeting's minutes: who attended, the decisions taken, read and acknowledged the same way", async () => {
    const equipe = await testDb.db.equipe.findFirstOrThrow();
    const coord = await memberId("U0COORD");
    await run("U0COORD", "verbale-incontro");
    expect((await queued()).at(-1)!.text).toContain("Non c'è un incontro confermato già iniziato");
    const meeting = await testDb.db.meeting.create({
      data: {
        id: "meeting-1",
        equipeId: equipe.id,
        icalUid: "uid-1",
        purpose: "microplanning",
        durationMinutes: 60,
        deadline: new Date("2026-11-28T09:00:00Z"),
        status: "confirmed",
        startsAt: new Date("2026-11-30T14:00:00Z"),
        createdByMemberId: coord,
      },
    });
    await run("U0COORD", "verbale-incontro");
    expect((await queued()).at(-1)!.text).toContain("Editor del verbale dell'incontro");
    const link = await testDb.db.summaryEditLink.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(link.document).toBe(`minutes:${meeting.id}`);
    const metadata = `${equipe.id}/minutes:${meeting.id}`;
    const everyone = (await testDb.db.member.findMany()).map((m) => m.id).join(",");
    await core.submitForm(
      slackCtx("U0COORD"),
      "decide",
      {
        question: "Attivare l'educativa domiciliare?",
        context: "",
        kind: "stances",
        options: "",
        deadline: "2026-12-05 12:00",
        participants: everyone,
        familyReason: "",
      },
      CHANNEL,
    );
    const decision = await testDb.db.decision.findFirstOrThrow();
    const attendees = [coord, await memberId("U0PSY"), await memberId("U0MUM")].join(",");
    // Nobody marked present: refused at its field, nothing written.
    const req = await coordinatorReq();
    const values = {
      ...editValues({}),
      text_discussion: "Discussion-text: la madre racconta la settimana.",
      audience_discussion: "everyone",
      text_next: "Next-text: visita domiciliare giovedì.",
      audience_next: "everyone",
      note: "Verbale",
      attendees: "",
      decisions: "",
    };
    const refused = await core.checkForm(req, "summary-edit", values, metadata);
    expect(refused.kind).toBe("invalid");
    const stranger = await core.checkForm(
      req,
      "summary-edit",
      { ...values, attendees: "someone-else" },
      metadata,
    );
    expect(stranger.kind).toBe("invalid");
    const report = await circulate(
      {},
      { ...values, attendees, decisions: decision.id, note: "Verbale dell'incontro" },
      metadata,
    );
    expect(report).toContain(
      "Versione 1 del verbale dell'incontro del 30 novembre 2026 (FAM-2026-014) circolata",
    );
    const version = await testDb.db.summaryVersion.findFirstOrThrow({
      where: { document: `minutes:${meeting.id}` },
    });
    expect(version.extra).toMatch(/^e1\./);
    const mum = formText(await readAs("U0MUM"));
    expect(mum).toContain("Discussion-text");
    expect(mum).toMatch(/Presenti: .*psicolog/);
    expect(mum).toContain("Decisioni prese in questo incontro");
    expect(mum).toContain("Attivare l'educativa domiciliare?");
    // The decision's record names the minutes it was taken in.
    await run("U0COORD", "verbale");
    const record = (await queued()).at(-1)!.message.attachments[0]?.content ?? "";
    expect(record).toContain("verbale dell'incontro, versione 1");
    // The summary and the minutes are separate documents: acknowledging one is not the other
    // (the minutes' two: their author's, who circulated them, and the mother's).
    await acknowledge("U0MUM");
    expect(
      await testDb.db.summaryAcknowledgement.count({ where: { document: `minutes:${meeting.id}` } }),
    ).toBe(2);
    expect(await testDb.db.summaryAcknowledgement.count({ where: { document: "summary" } })).toBe(0);
  });

  it("takes a version's author to have read it: another coordinator's next version asks them only about what changed", async () => {
    await testDb.db.member.updateMany({ where: { platformUserId: "U0EDU" }, data: { isCoordinator: true } });
    await circulate(TEXTS);
    await acknowledge("U0EDU");
    const before = (await queued()).length;
    const equipe = await testDb.db.equipe.findFirstOrThrow();
    const edu = await memberId("U0EDU");
    const values = editValues(
      { ...TEXTS, goals: "Goals-text: tre pomeriggi di educativa." },
      { note: "Obiettivi" },
    );
    await core.submitForm(
      {
        actor: { kind: "link", memberId: edu },
        place: { kind: "private" },
        deliveryKey: "v2",
        inline: { answer: () => {} },
      },
      "summary-edit",
      values,
      equipe.id,
    );
    const toFirst = (await queued())
      .slice(before)
      .filter((n) => n.to === "U0COORD")
      .map((n) => n.text)
      .join("\n");
    expect(toFirst).toContain("cambiati «Obiettivi»");
    expect(toFirst).not.toMatch(/Bisogni|Risposte|Famiglia|Situazione|Accordi/);
  });
});
