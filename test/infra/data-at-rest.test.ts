import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { capabilityLinks, linkKeyFrom } from "../../src/core/links.ts";
import type { DecisionId, EquipeId, MeetingId, MemberId, SlotId } from "../../src/domain/ids.ts";
import { emptySections, type SummaryCommentId, type SummaryVersionId } from "../../src/domain/summary.ts";
import type { DecisionRecord } from "../../src/features/decisions/repository.ts";
import { openDb, sqlitePath } from "../../src/infra/db.ts";
import { fieldCipher } from "../../src/infra/field-cipher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { SEALED_COLUMNS } from "../../src/infra/sealed-rows.ts";
import { startServer } from "../../src/server.ts";
import { onPostgres, TEMPLATE_DB } from "../support/db.ts";
import { openDecision } from "../support/decision-record.ts";
import { queued } from "../support/sealed.ts";

/**
 * Issue 14, privacy as a property of the data: the case content people type (decision texts and
 * reasons, viewpoints, actions, the audit trail's reasons, where a meeting is held) and every
 * queued message and job is sealed at rest. These tests read the database files themselves — the
 * main file and its WAL, as they are, without a checkpoint first — and find none of it.
 */
const DATA_KEY = Buffer.alloc(32, 21);
const WORK = resolve(".tmp/at-rest");
const AT = new Date("2027-03-01T09:00:00Z");
/** The migration that brought sealing in: a database of the release before has all but this. */
const SEALING_MIGRATION = "20261203000001_sealed_content";

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

function workDir(): string {
  const dir = join(WORK, randomUUID());
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Which markers appear, as UTF-8 bytes, in the database file or its WAL (read as they are now). */
function foundIn(path: string, markers: readonly string[]): { file: string[]; wal: string[] } {
  const read = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
  const main = read(path);
  const wal = read(`${path}-wal`);
  return {
    file: markers.filter((m) => main.includes(Buffer.from(m, "utf8"))),
    wal: markers.filter((m) => wal.includes(Buffer.from(m, "utf8"))),
  };
}

const mode = (path: string) => statSync(path).mode & 0o777;

// SQLite's own files and migrations: the SQLite run covers them.
describe.skipIf(onPostgres)("the database files", () => {
  it("are made readable by their owner only: a new folder 0700, the file 0600 before SQLite opens it, its WAL and shared memory too", async () => {
    const dir = join(workDir(), "data");
    const url = `file:${join(dir, "equipe.db")}`;
    const path = sqlitePath(url);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path)).toBe(0o600);
    expect(statSync(path).size).toBe(0);
    const db = await openDb(url, fieldCipher(DATA_KEY));
    try {
      await db.$executeRawUnsafe(`CREATE TABLE "T" ("x" TEXT)`);
      await db.$executeRawUnsafe(`INSERT INTO "T" VALUES ('y')`);
      for (const suffix of ["", "-wal", "-shm"]) expect(mode(`${path}${suffix}`), suffix).toBe(0o600);
    } finally {
      await db.$disconnect();
    }
  });

  it("an existing database readable by others (and its -wal and -shm) is made owner-only when opened", async () => {
    const dir = workDir();
    chmodSync(dir, 0o755);
    const path = join(dir, "equipe.db");
    for (const suffix of ["", "-wal", "-shm"]) writeFileSync(`${path}${suffix}`, "", { mode: 0o644 });
    for (const suffix of ["", "-wal", "-shm"]) chmodSync(`${path}${suffix}`, 0o644);
    const db = await openDb(`file:${path}`, fieldCipher(DATA_KEY));
    await db.$disconnect();
    for (const suffix of ["", "-wal", "-shm"])
      if (existsSync(`${path}${suffix}`)) expect(mode(`${path}${suffix}`), suffix).toBe(0o600);
    expect(mode(path)).toBe(0o600);
    // A folder that was there is the operator's: left as it is.
    expect(mode(dir)).toBe(0o755);
  });
});

/** Sealed tables the release before did not have (the summaries of issue 14). */
const LATER_TABLES: ReadonlySet<string> = new Set([
  "SummaryDraft",
  "SummaryVersion",
  "SummarySection",
  "SummaryComment",
]);

/** A marker per sealed place: text nobody else would write. */
const marker = (what: string) => `ZQX-${what}-${randomUUID().slice(0, 8)}`;

const decision = (id: string, question: string, extra: Partial<DecisionRecord> = {}): DecisionRecord =>
  openDecision({ id, question, deadline: new Date(AT.getTime() + 86_400_000), createdAt: AT, ...extra });

describe.skipIf(onPostgres)("no case content in clear in the files", () => {
  it("after a run that put a marker in every sealed field: neither the database nor its WAL holds one, and the service reads them all back", async () => {
    const dir = workDir();
    const path = join(dir, "equipe.db");
    copyFileSync(TEMPLATE_DB, path);
    const db = await openDb(`file:${path}`, fieldCipher(DATA_KEY));
    const m = {
      question: marker("question"),
      context: marker("context"),
      option: marker("option"),
      exclusion: marker("exclusion"),
      reason: marker("viewpoint"),
      changedReason: marker("viewpoint-changed"),
      outcome: marker("outcome"),
      override: marker("override"),
      action: marker("action"),
      cancel: marker("cancel"),
      audit: marker("audit"),
      location: marker("location"),
      message: marker("message"),
      job: marker("job"),
      adapter: marker("adapter"),
      draft: marker("draft"),
      draftNote: marker("draft-note"),
      section: marker("section"),
      versionNote: marker("version-note"),
      comment: marker("comment"),
      answer: marker("answer"),
    };
    // Not case content: stored in clear, so the reading below must find it (the search works).
    const control = marker("control");
    try {
      await db.equipe.create({
        data: { id: "e1", caseCode: "FAM-2027-901", timezone: "Europe/Rome", locale: "it" },
      });
      for (const id of ["coord", "mum"])
        await db.member.create({
          data: {
            id,
            equipeId: "e1",
            kind: "external",
            email: `${id}@x.example`,
            displayName: id === "mum" ? control : null,
            role: id === "mum" ? "parent" : "social_worker",
            isCoordinator: id === "coord",
          },
        });
      const store = new PrismaStore(db);
      const links = capabilityLinks(linkKeyFrom(DATA_KEY), "https://equipe.example");
      const mum = "mum" as MemberId;
      await store.transaction(async (repos) => {
        await repos.decisions.create(
          decision("d1", m.question, {
            kind: "options",
            context: m.context,
            options: [m.option, "altro"],
            familyExclusionReason: m.exclusion,
          }),
          [{ memberId: mum, required: true }],
        );
        await repos.decisions.create(decision("d2", "Seconda?"), [{ memberId: mum, required: true }]);
      });
      const viewpoint = (reason: string) => ({
        memberId: mum,
        answer: "1",
        reason,
        side: undefined,
        recordedByMemberId: undefined,
        heardVia: undefined,
      });
      await store.transaction((repos) =>
        repos.decisions.setViewpoint("d1" as DecisionId, viewpoint(m.reason), AT),
      );
      await store.transaction((repos) =>
        repos.decisions.setViewpoint(
          "d1" as DecisionId,
          viewpoint(m.changedReason),
          new Date(AT.getTime() + 60_000),
        ),
      );
      await store.transaction((repos) =>
        repos.decisions.recordOutcome("d1" as DecisionId, {
          outcome: m.outcome,
          overrideReason: m.override,
          reviewAt: undefined,
          recordedByMemberId: "coord" as MemberId,
          at: AT,
          actions: [{ position: 1, memberId: mum, what: m.action, dueAt: AT }],
        }),
      );
      await store.transaction(async (repos) => {
        await repos.decisions.cancel("d2" as DecisionId, {
          reason: m.cancel,
          byMemberId: "coord" as MemberId,
          at: AT,
        });
        await repos.audit.record({
          equipeId: "e1" as EquipeId,
          actorId: "coord" as MemberId,
          action: "meeting.cancelled",
          subjectId: "m1",
          reason: m.audit,
          at: AT,
        });
        await repos.meetings.create({
          id: "m1" as MeetingId,
          equipeId: "e1" as EquipeId,
          icalUid: "m1@equipe.example",
          purpose: "t1",
          durationMinutes: 60,
          location: m.location,
          deadline: AT,
          status: "polling",
          confirmedSlotId: undefined,
          startsAt: undefined,
          sequence: 0,
          createdByMemberId: "coord" as MemberId,
          slots: [{ id: "s1" as SlotId, position: 1, startsAt: AT }],
        });
        // A letter to the mother with her page link (a sealed stand-in, made a URL only at delivery).
        const link = links.sealed("page", "p1", { kind: "decision", id: "d1" });
        await repos.outbox.enqueue(
          [
            {
              target: { kind: "email", to: "mum@x.example", locale: "it" },
              recipient: { equipeId: "e1", memberId: mum },
              message: {
                blocks: [
                  { type: "text", content: [{ type: "text", text: m.message }] },
                  { type: "link", url: link, label: link },
                ],
                attachments: [],
              },
            },
          ],
          AT,
        );
        await repos.jobs.schedule({ kind: "test.job", key: "k1", dueAt: AT, payload: { note: m.job } }, AT);
      });
      await store.adapterState.put("teams", "conversation:c1", m.adapter);
      // The case summary and the minutes: a draft, a version with its sections, a request and its answer.
      const sections = emptySections();
      sections.situation = { key: "situation", text: m.section, audience: { kind: "everyone" } };
      const minutesOf = { kind: "minutes" as const, meetingId: "m1" as MeetingId };
      await store.transaction(async (repos) => {
        const draftSections = emptySections();
        draftSections.goals = { key: "goals", text: m.draft, audience: { kind: "everyone" } };
        await repos.summaries.saveDraft("e1" as EquipeId, {
          sections: draftSections,
          attendees: [],
          decisionIds: [],
          note: m.draftNote,
          acknowledgeBy: undefined,
          updatedAt: AT,
          updatedBy: "coord" as MemberId,
        });
        await repos.summaries.circulate({
          id: "v1" as SummaryVersionId,
          equipeId: "e1" as EquipeId,
          document: minutesOf,
          attendees: [mum],
          decisionIds: ["d1" as DecisionId],
          number: 1,
          note: m.versionNote,
          changed: ["situation"],
          sections,
          circulatedAt: AT,
          circulatedBy: "coord" as MemberId,
          acknowledgeBy: undefined,
        });
        await repos.summaries.addComment({
          id: "c1" as SummaryCommentId,
          equipeId: "e1" as EquipeId,
          versionId: "v1" as SummaryVersionId,
          section: "situation",
          memberId: mum,
          kind: "correct",
          text: m.comment,
          at: AT,
        });
        await repos.summaries.answerComment("c1" as SummaryCommentId, {
          text: m.answer,
          included: true,
          by: "coord" as MemberId,
          at: AT,
        });
      });

      // The files as they are now: the WAL holds this run, not yet copied into the database.
      const markers = [...Object.values(m), "urn:equipe-link"];
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      expect(foundIn(path, [control])).toEqual({ file: [], wal: [control] });
      expect(foundIn(path, markers)).toEqual({ file: [], wal: [] });
      // Every sealed column of every row written carries the key it was sealed with.
      for (const model of Object.keys(SEALED_COLUMNS) as (keyof typeof SEALED_COLUMNS)[]) {
        const rows = await db.$queryRawUnsafe<{ keyId: string | null }[]>(`SELECT "keyId" FROM "${model}"`);
        expect(rows.length, model).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.keyId)), model).toEqual(new Set([db.cipher.keyId]));
      }

      // And the service reads every one of them back.
      await store.snapshot(async (repos) => {
        const d1 = await repos.decisions.findById("d1" as DecisionId);
        expect(d1).toMatchObject({
          question: m.question,
          context: m.context,
          options: [m.option, "altro"],
          familyExclusionReason: m.exclusion,
          outcome: m.outcome,
          overrideReason: m.override,
        });
        expect((await repos.decisions.findById("d2" as DecisionId))?.cancellation?.reason).toBe(m.cancel);
        expect((await repos.decisions.viewpoints("d1" as DecisionId)).map((v) => v.reason)).toEqual([
          m.changedReason,
        ]);
        expect((await repos.decisions.viewpointHistory("d1" as DecisionId)).map((v) => v.reason)).toEqual([
          m.reason,
          m.changedReason,
        ]);
        expect((await repos.decisions.actions("d1" as DecisionId)).map((a) => a.what)).toEqual([m.action]);
        expect((await repos.audit.forSubject("e1" as EquipeId, "m1")).map((e) => e.reason)).toEqual([
          m.audit,
        ]);
        expect((await repos.meetings.findById("m1" as MeetingId))?.location).toBe(m.location);
        const draft = await repos.summaries.draft("e1" as EquipeId);
        expect([draft?.sections.goals.text, draft?.note]).toEqual([m.draft, m.draftNote]);
        const version = await repos.summaries.version("v1" as SummaryVersionId);
        expect([version?.sections.situation.text, version?.note, version?.attendees]).toEqual([
          m.section,
          m.versionNote,
          [mum],
        ]);
        const comment = await repos.summaries.comment("c1" as SummaryCommentId);
        expect([comment?.text, comment?.answer?.text]).toEqual([m.comment, m.answer]);
      });
      expect(await store.adapterState.get("teams", "conversation:c1", AT)).toBe(m.adapter);
      const [letter, job] = await queued(db);
      expect(letter?.payload).toContain(m.message);
      expect(letter?.payload).toContain("urn:equipe-link:page:p1/decisione/d1");
      expect(JSON.parse(job?.payload ?? "")).toEqual({ note: m.job });
    } finally {
      await db.$disconnect();
    }
  });

  it("after `npm start` on a database of the release before, filled in clear: every row sealed, no clear copy left in the files, and everything reads as before", async () => {
    const dir = workDir();
    const path = join(dir, "equipe.db");
    await releaseBefore(path);
    const m = {
      question: marker("question"),
      context: marker("context"),
      options: marker("option"),
      exclusion: marker("exclusion"),
      outcome: marker("outcome"),
      override: marker("override"),
      cancel: marker("cancel"),
      viewpoint: marker("viewpoint"),
      revision: marker("revision"),
      action: marker("action"),
      audit: marker("audit"),
      location: marker("location"),
      message: marker("message"),
      job: marker("job"),
      adapter: marker("adapter"),
    };
    const legacy = fillInClear(path, m);
    // The search works: the old release left all of it in clear in the files.
    expect(foundIn(path, Object.values(m)).file.sort()).toEqual(Object.values(m).sort());
    chmodSync(path, 0o644);

    const lines: { event: string; fields: Record<string, unknown> }[] = [];
    const config = loadConfig({
      PORT: "0",
      DATABASE_URL: `file:${path}`,
      EQUIPE_DATA_KEY: DATA_KEY.toString("base64"),
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
    });
    const running = await startServer(config, { log: (event, fields) => void lines.push({ event, fields }) });
    try {
      expect(lines.find((l) => l.event === "dataAtRest.sealed")?.fields).toEqual({ rows: legacy.rows });
      // Nothing is checkpointed for this reading: the files as the running service leaves them.
      expect(foundIn(path, [...Object.values(m), "urn:equipe-link"])).toEqual({ file: [], wal: [] });
      expect(mode(path)).toBe(0o600);
      const db = running.db;
      for (const model of Object.keys(SEALED_COLUMNS)) {
        // Tables that came after the release before hold nothing of it.
        if (LATER_TABLES.has(model)) continue;
        const rows = await db.$queryRawUnsafe<{ keyId: string | null }[]>(`SELECT "keyId" FROM "${model}"`);
        expect(new Set(rows.map((r) => r.keyId)), model).toEqual(new Set([db.cipher.keyId]));
      }
      // Read as before, through the same repositories.
      await running.deps.store.snapshot(async (repos) => {
        expect(await repos.decisions.findById("d1" as DecisionId)).toMatchObject({
          question: m.question,
          context: m.context,
          options: [m.options],
          familyExclusionReason: m.exclusion,
          outcome: m.outcome,
          overrideReason: m.override,
        });
        expect((await repos.decisions.findById("d2" as DecisionId))?.cancellation?.reason).toBe(m.cancel);
        expect((await repos.decisions.viewpoints("d1" as DecisionId)).map((v) => v.reason)).toEqual([
          m.viewpoint,
        ]);
        expect((await repos.decisions.viewpointHistory("d1" as DecisionId)).map((v) => v.reason)).toEqual([
          m.revision,
        ]);
        expect((await repos.decisions.actions("d1" as DecisionId)).map((a) => a.what)).toEqual([m.action]);
        expect((await repos.audit.forSubject("e1" as EquipeId, "m1")).map((e) => e.reason)).toEqual([
          m.audit,
        ]);
        expect((await repos.meetings.findById("m1" as MeetingId))?.location).toBe(m.location);
      });
      expect(await running.deps.store.adapterState.get("teams", "conversation:c1", AT)).toBe(m.adapter);
      const rows = await queued(db);
      expect(rows.map((row) => row.payload)).toEqual([legacy.message, legacy.job]);
      // The meeting's own change stamp is kept: sealing is not a change calendar feeds show.
      expect((await db.meeting.findUniqueOrThrow({ where: { id: "m1" } })).updatedAt.toISOString()).toBe(
        "2027-03-01T09:00:00.000Z",
      );
    } finally {
      await running.close();
    }

    // A second start has nothing left to seal.
    lines.length = 0;
    const again = await startServer(config, { log: (event, fields) => void lines.push({ event, fields }) });
    await again.close();
    expect(lines.some((l) => l.event === "dataAtRest.sealed")).toBe(false);
    expect(foundIn(path, Object.values(m))).toEqual({ file: [], wal: [] });
  });
});

/** A database as the release before this one left it: its migrations applied with Prisma's CLI. */
async function releaseBefore(path: string): Promise<void> {
  // Inside the project, so that prisma.config.ts finds its packages.
  const project = workDir();
  mkdirSync(join(project, "prisma/migrations"), { recursive: true });
  copyFileSync("prisma.config.ts", join(project, "prisma.config.ts"));
  copyFileSync("prisma/schema.prisma", join(project, "prisma/schema.prisma"));
  for (const name of readdirSync("prisma/migrations"))
    if (name < SEALING_MIGRATION || !/^\d/.test(name))
      cpSync(join("prisma/migrations", name), join(project, "prisma/migrations", name), { recursive: true });
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: project,
      env: { ...process.env, DATABASE_URL: `file:${path}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: "ignore",
    });
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`migrate deploy: ${code}`))));
  });
  const columns = new Database(path).pragma("table_info(Decision)") as { name: string }[];
  expect(columns.map((c) => c.name)).not.toContain("keyId");
}

/** Rows in every sealed column, in clear, written as the release before wrote them. */
function fillInClear(
  path: string,
  m: Record<string, string>,
): { rows: number; message: string; job: string } {
  const db = new Database(path);
  const at = "2027-03-01T09:00:00.000+00:00";
  const run = (sql: string, ...values: unknown[]) => db.prepare(sql).run(...values);
  const message = JSON.stringify({
    target: { kind: "email", to: "mum@x.example", locale: "it" },
    message: {
      blocks: [
        { type: "text", content: [{ type: "text", text: m.message }] },
        { type: "link", url: "urn:equipe-link:page:p1", label: "urn:equipe-link:page:p1" },
      ],
    },
  });
  const job = JSON.stringify({ note: m.job });
  run(
    `INSERT INTO "Equipe" (id, caseCode, timezone, locale, createdAt) VALUES ('e1','FAM-2027-902','Europe/Rome','it',?)`,
    at,
  );
  for (const id of ["coord", "mum"])
    run(
      `INSERT INTO "Member" (id, equipeId, kind, email, role, isCoordinator, createdAt) VALUES (?, 'e1', 'external', ?, 'parent', ?, ?)`,
      id,
      `${id}@x.example`,
      id === "coord" ? 1 : 0,
      at,
    );
  const decisionSql = `INSERT INTO "Decision" (id, equipeId, question, context, kind, options, deadline, status, familyRequired, familyExclusionReason, createdByMemberId, outcome, overrideReason, recordedByMemberId, recordedAt, cancelReason, cancelledByMemberId, cancelledAt, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;
  run(
    decisionSql,
    "d1",
    "e1",
    m.question,
    m.context,
    "options",
    JSON.stringify([m.options]),
    at,
    "recorded",
    1,
    m.exclusion,
    "coord",
    m.outcome,
    m.override,
    "coord",
    at,
    null,
    null,
    null,
    at,
    at,
  );
  run(
    decisionSql,
    "d2",
    "e1",
    "Seconda?",
    null,
    "stances",
    "[]",
    at,
    "cancelled",
    1,
    null,
    "coord",
    null,
    null,
    null,
    null,
    m.cancel,
    "coord",
    at,
    at,
    at,
  );
  run(
    `INSERT INTO "Viewpoint" (id, decisionId, memberId, answer, reason, createdAt, updatedAt) VALUES ('v1','d1','mum','1',?,?,?)`,
    m.viewpoint,
    at,
    at,
  );
  run(
    `INSERT INTO "ViewpointRevision" (id, decisionId, memberId, answer, reason, createdAt) VALUES ('r1','d1','mum','1',?,?)`,
    m.revision,
    at,
  );
  run(
    `INSERT INTO "DecisionAction" (id, decisionId, position, memberId, what, dueAt) VALUES ('a1','d1',1,'mum',?,?)`,
    m.action,
    at,
  );
  run(
    `INSERT INTO "AuditEntry" (id, equipeId, actorId, action, subjectId, reason, createdAt) VALUES ('x1','e1','coord','meeting.cancelled','m1',?,?)`,
    m.audit,
    at,
  );
  run(
    `INSERT INTO "Meeting" (id, equipeId, icalUid, purpose, durationMinutes, location, deadline, status, sequence, createdByMemberId, createdAt, updatedAt) VALUES ('m1','e1','m1@x','t1',60,?,?,'polling',0,'coord',?,?)`,
    m.location,
    at,
    at,
    at,
  );
  // A letter held for e-mail (off here), and a job far in the future: neither runs meanwhile.
  run(
    `INSERT INTO "QueueItem" (kind, payload, status, dueAt, createdAt, lastError) VALUES ('message', ?, 'held', ?, ?, 'email_off')`,
    message,
    at,
    at,
  );
  run(
    `INSERT INTO "QueueItem" (kind, dedupeKey, payload, status, dueAt, createdAt) VALUES ('test.job', 'k1', ?, 'pending', '2099-01-01T00:00:00.000+00:00', ?)`,
    job,
    at,
  );
  run(
    `INSERT INTO "AdapterRecord" (namespace, key, value, updatedAt) VALUES ('teams','conversation:c1',?,?)`,
    m.adapter,
    at,
  );
  // As an old release leaves its files: all of it in the database file.
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  // Decisions 2, one viewpoint, revision, action, audit entry, meeting, 2 queue rows, 1 adapter record.
  return { rows: 10, message, job };
}
