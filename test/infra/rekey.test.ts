import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, readPreviousDataKeys } from "../../src/config.ts";
import {
  type CapabilityLinks,
  capabilityLinks,
  hashToken,
  type LinkKind,
  linkKeyFrom,
} from "../../src/core/links.ts";
import type { DecisionId, EquipeId, MemberId } from "../../src/domain/ids.ts";
import { type Db, openDb } from "../../src/infra/db.ts";
import { type FieldCipher, fieldCipher, keyIdOf, SealedValueError } from "../../src/infra/field-cipher.ts";
import { PrismaStore } from "../../src/infra/prisma-store.ts";
import { rekey } from "../../src/infra/rekey.ts";
import { SEALED_COLUMNS, UnknownKeyError } from "../../src/infra/sealed-rows.ts";
import { TEMPLATE_DB } from "../support/db.ts";
import { openDecision } from "../support/decision-record.ts";
import { queued } from "../support/sealed.ts";

/**
 * Key rotation: EQUIPE_DATA_KEY becomes a new key, the old one goes to EQUIPE_DATA_KEYS_PREVIOUS,
 * and `npm run rekey` seals every row again with the new key and renews every capability link's
 * stored hash (their tokens derive from the data key): links shown again work, links sent before
 * do not.
 */
const OLD = Buffer.alloc(32, 31);
const NEW = Buffer.alloc(32, 32);
const BASE = "https://equipe.example";
const AT = new Date("2027-04-01T09:00:00Z");
const WORK = resolve(".tmp/rekey");

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const linksOf = (key: Buffer) => capabilityLinks(linkKeyFrom(key), BASE);
/** A link's token as its URL carries it, under a data key (as the server derives it). */
const tokenOf = (key: Buffer, kind: LinkKind, rowId: string) => {
  const url = linksOf(key).open({
    target: { kind: "email", to: "x@x.example", locale: "it" },
    message: {
      blocks: [{ type: "link", url: linksOf(key).sealed(kind, rowId), label: "x" }],
      attachments: [],
    },
  }).message.blocks[0];
  return url?.type === "link" ? (/\/([A-Za-z0-9_-]{43})(?:\.ics)?$/.exec(url.url)?.[1] ?? "") : "";
};

/** A database written under `key`: a decision with a viewpoint, the trail, a queued letter, adapter state, every kind of link. */
async function filledUnder(key: Buffer): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const path = join(WORK, `${randomUUID()}.db`);
  copyFileSync(TEMPLATE_DB, path);
  const db = await openDb(`file:${path}`, fieldCipher(key));
  try {
    const links: CapabilityLinks = linksOf(key);
    await db.equipe.create({
      data: { id: "e1", caseCode: "FAM-2027-777", timezone: "Europe/Rome", locale: "it" },
    });
    for (const id of ["coord", "mum"])
      await db.member.create({
        data: {
          id,
          equipeId: "e1",
          kind: "external",
          email: `${id}@x.example`,
          role: "parent",
          isCoordinator: id === "coord",
        },
      });
    const store = new PrismaStore(db);
    await store.transaction(async (repos) => {
      await repos.decisions.create(
        openDecision({
          id: "d1",
          question: "Proseguiamo?",
          context: "Dopo T1",
          deadline: AT,
          createdAt: AT,
        }),
        [{ memberId: "mum" as MemberId, required: true }],
      );
      await repos.decisions.setViewpoint(
        "d1" as DecisionId,
        {
          memberId: "mum" as MemberId,
          answer: "agree",
          reason: "Va bene così",
          side: undefined,
          recordedByMemberId: undefined,
          heardVia: undefined,
        },
        AT,
      );
      await repos.audit.record({
        equipeId: "e1" as EquipeId,
        actorId: undefined,
        action: "x",
        subjectId: "d1",
        reason: "perché",
        at: AT,
      });
      await repos.outbox.enqueue(
        [
          {
            target: { kind: "email", to: "mum@x.example", locale: "it" },
            message: {
              blocks: [{ type: "text", content: [{ type: "text", text: "Lettera" }] }],
              attachments: [],
            },
          },
        ],
        AT,
      );
    });
    await store.adapterState.put("teams", "conversation:c1", "riferimento");
    await db.pageLink.create({
      data: { id: "p1", tokenHash: links.hashOf("page", "p1"), memberId: "mum", createdAt: AT },
    });
    await db.feedToken.create({ data: { id: "f1", tokenHash: links.hashOf("feed", "f1"), memberId: "mum" } });
    await db.eventToken.create({
      data: { id: "v1", tokenHash: links.hashOf("event", "v1"), meetingId: "m1", memberId: "mum" },
    });
    await db.pageQrLink.create({
      data: {
        id: "q1",
        tokenHash: links.hashOf("qr", "q1"),
        pageLinkId: "p1",
        memberId: "mum",
        issuedByMemberId: "coord",
        createdAt: AT,
        expiresAt: new Date(AT.getTime() + 3_600_000),
      },
    });
  } finally {
    await db.$disconnect();
  }
  return path;
}

/** What the service reads back through its repositories. */
async function readBack(db: Db) {
  const store = new PrismaStore(db);
  // Outside the snapshot: on SQLite, with no reader of its own, the snapshot holds the one
  // connection, and the client's own statements wait for it to end.
  const adapter = await store.adapterState.get("teams", "conversation:c1", AT);
  const letters = (await queued(db)).map((row) => JSON.parse(row.payload).message.blocks[0].content[0].text);
  return store.snapshot(async (repos) => ({
    question: (await repos.decisions.findById("d1" as DecisionId))?.question,
    reasons: (await repos.decisions.viewpoints("d1" as DecisionId)).map((v) => v.reason),
    audit: (await repos.audit.forSubject("e1" as EquipeId, "d1")).map((e) => e.reason),
    adapter,
    letters,
  }));
}
const AS_WRITTEN = {
  question: "Proseguiamo?",
  reasons: ["Va bene così"],
  audit: ["perché"],
  adapter: "riferimento",
  letters: ["Lettera"],
};

async function withDb<T>(path: string, cipher: FieldCipher, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(`file:${path}`, cipher);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

const keyIds = (db: Db) =>
  Promise.all(
    Object.keys(SEALED_COLUMNS).map(async (model) =>
      (await db.$queryRawUnsafe<{ keyId: string | null }[]>(`SELECT DISTINCT "keyId" FROM "${model}"`)).map(
        (r) => r.keyId,
      ),
    ),
  ).then((all) => [...new Set(all.flat())]);

describe("key rotation", () => {
  it("reads rows sealed with a previous key, re-seals them all with the new one, renews every link; then the old key is not needed", async () => {
    const path = await filledUnder(OLD);
    // The new key alone cannot read what the old one sealed: that is what EQUIPE_DATA_KEYS_PREVIOUS is for.
    await withDb(path, fieldCipher(NEW), (db) => expect(readBack(db)).rejects.toThrow(SealedValueError));

    const report = await withDb(path, fieldCipher(NEW, [OLD]), async (db) => {
      expect(await readBack(db)).toEqual(AS_WRITTEN);
      expect(await keyIds(db)).toEqual([keyIdOf(OLD)]);
      const done = await rekey(db, linksOf(NEW));
      expect(await keyIds(db)).toEqual([keyIdOf(NEW)]);
      // Run again, it has nothing left to do.
      const again = await rekey(db, linksOf(NEW));
      expect(Object.values(again.sealed).every((n) => n === 0)).toBe(true);
      expect(again.links).toEqual({ feed: 0, event: 0, page: 0, qr: 0, edit: 0, export: 0 });
      return done;
    });
    expect(report.sealed).toMatchObject({
      Decision: 1,
      Viewpoint: 1,
      ViewpointRevision: 1,
      AuditEntry: 1,
      QueueItem: 1,
      AdapterRecord: 1,
    });
    expect(report.links).toEqual({ feed: 1, event: 1, page: 1, qr: 1, edit: 0, export: 0 });

    // The new key alone reads everything; no value sealed with the old key is left in the files.
    await withDb(path, fieldCipher(NEW), async (db) => {
      expect(await readBack(db)).toEqual(AS_WRITTEN);
      const old = Buffer.from(`e1.${keyIdOf(OLD)}.`, "utf8");
      for (const suffix of ["", "-wal"])
        if (existsSync(`${path}${suffix}`))
          expect(readFileSync(`${path}${suffix}`).includes(old), suffix).toBe(false);
      // A link shown again (its token under the new key) opens; one sent before the rotation does not.
      const store = new PrismaStore(db);
      await store.snapshot(async (repos) => {
        expect(await repos.pageLinks.findMember(hashToken(tokenOf(NEW, "page", "p1")))).toBe("mum");
        expect(await repos.pageLinks.findMember(hashToken(tokenOf(OLD, "page", "p1")))).toBeUndefined();
        expect((await repos.qrLinks.find(hashToken(tokenOf(NEW, "qr", "q1")), AT))?.memberId).toBe("mum");
        expect(await repos.qrLinks.find(hashToken(tokenOf(OLD, "qr", "q1")), AT)).toBeUndefined();
      });
      for (const [kind, table, id] of [
        ["feed", db.feedToken, "f1"],
        ["event", db.eventToken, "v1"],
      ] as const) {
        const row = await (table as typeof db.feedToken).findUniqueOrThrow({ where: { id } });
        expect(row.tokenHash, kind).toBe(hashToken(tokenOf(NEW, kind, id)));
      }
    });
  });

  it("refuses, naming the setting, a row sealed with a key it was not given", async () => {
    const path = await filledUnder(OLD);
    await withDb(path, fieldCipher(NEW), async (db) => {
      const error = await rekey(db, linksOf(NEW)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownKeyError);
      expect(String(error)).toContain(`sealed with key ${keyIdOf(OLD)}`);
      expect(String(error)).toContain("EQUIPE_DATA_KEYS_PREVIOUS");
    });
    // Nothing was lost: with the old key given, it goes through.
    await withDb(path, fieldCipher(NEW, [OLD]), async (db) => {
      await rekey(db, linksOf(NEW));
      expect(await readBack(db)).toEqual(AS_WRITTEN);
    });
  });

  it("`npm run rekey` does it from the configuration, and says what it did", async () => {
    const path = await filledUnder(OLD);
    const env = {
      DATABASE_URL: `file:${path}`,
      EQUIPE_DATA_KEY: NEW.toString("base64"),
      EQUIPE_DATA_KEYS_PREVIOUS: ` ${OLD.toString("base64")} , `,
    };
    const run = await script(env);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Rekeyed with data key ${keyIdOf(NEW)}`);
    expect(run.out).toContain("4 links renewed");
    await withDb(path, fieldCipher(NEW), async (db) => expect(await readBack(db)).toEqual(AS_WRITTEN));
    const refused = await script({ ...env, EQUIPE_DATA_KEYS_PREVIOUS: `${OLD.toString("base64")},nope` });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("EQUIPE_DATA_KEYS_PREVIOUS is malformed: key 2 of 2");
    expect(refused.err).not.toContain(OLD.toString("base64"));
  }, 60_000);
});

describe("EQUIPE_DATA_KEYS_PREVIOUS", () => {
  it("takes data keys separated by commas, in the format of EQUIPE_DATA_KEY; none by default", () => {
    expect(loadConfig({}).previousDataKeys).toEqual([]);
    expect(loadConfig({ EQUIPE_DATA_KEYS_PREVIOUS: "" }).previousDataKeys).toEqual([]);
    expect(readPreviousDataKeys(`${OLD.toString("base64")},${NEW.toString("base64url")}`)).toEqual([
      OLD,
      NEW,
    ]);
  });

  it("refuses a malformed one with a clear message that does not echo it", () => {
    for (const bad of ["x", `${OLD.toString("base64")},${Buffer.alloc(16).toString("base64")}`]) {
      expect(() => loadConfig({ EQUIPE_DATA_KEYS_PREVIOUS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ EQUIPE_DATA_KEYS_PREVIOUS: bad })).toThrow(/openssl rand -base64 32/);
    }
  });
});

/** `npm run rekey` as an operator runs it (the script itself, through tsx). */
function script(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/rekey.ts"], {
      env: { PATH: process.env.PATH ?? "", TZ: process.env.TZ ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", fail);
    child.on("exit", (code) => done({ code, out, err }));
  });
}
