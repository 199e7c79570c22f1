import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { onPostgres } from "../support/db.ts";

/**
 * The migration that merged the outbox and the jobs into QueueItem, and moved the Teams
 * conversations into AdapterRecord, keeps what was queued and known at upgrade. Replayed on an
 * in-memory database with the migrations before it, so later migrations do not change it.
 */
const MIGRATION = "20261124000000_queue_and_adapter_state";
const sql = (name: string) => readFileSync(`prisma/migrations/${name}/migration.sql`, "utf8");
const at = (second: number) => `2026-11-23T09:00:0${second}.000+00:00`;

function upgraded() {
  const db = new Database(":memory:");
  const before = readdirSync("prisma/migrations")
    .filter((name) => /^\d/.test(name) && name < MIGRATION)
    .sort();
  for (const name of before) db.exec(sql(name));
  const insert = (statement: string, rows: unknown[][]) => {
    const prepared = db.prepare(statement);
    for (const row of rows) prepared.run(...row);
  };
  insert(
    `INSERT INTO "OutboxMessage" ("id","key","payload","status","attempts","nextAttemptAt","createdAt","deliveredAt") VALUES (?,?,?,?,?,?,?,?)`,
    [
      [3, null, '{"n":3}', "delivered", 0, at(1), at(1), at(2)],
      [7, "poll:m1", '{"n":7}', "pending", 2, at(5), at(1), null],
    ],
  );
  insert(
    `INSERT INTO "Job" ("id","kind","idempotencyKey","payload","dueAt","status","attempts","createdAt") VALUES (?,?,?,?,?,?,?,?)`,
    [
      [
        "uuid-1",
        "poll.reminder",
        "meeting:m1:poll-reminder",
        '{"meetingId":"m1"}',
        at(9),
        "pending",
        1,
        at(2),
      ],
    ],
  );
  insert(
    `INSERT INTO "ChatConversation" ("id","platform","workspaceId","conversationId","userId","reference","updatedAt") VALUES (?,?,?,?,?,?,?)`,
    [
      ["c1", "teams", "tenant1", "19:channel", null, '{"r":"channel"}', at(1)],
      ["c2", "teams", "tenant1", "a:old", "u1", '{"r":"old"}', at(2)],
      ["c3", "teams", "tenant1", "a:new", "u1", '{"r":"new"}', at(3)],
      ["c4", "slack", "T1", "C1", null, '{"r":"slack"}', at(4)],
    ],
  );
  insert(
    `INSERT INTO "HeldFile" ("id","platform","workspaceId","userId","filename","mimeType","content","createdAt","expiresAt") VALUES (?,?,?,?,?,?,?,?,?)`,
    [["f1", "teams", "tenant1", "u1", "x.md", "text/markdown", "x", at(1), at(9)]],
  );
  db.exec(sql(MIGRATION));
  return db;
}

// SQLite's own files and migrations: the SQLite run covers them.
describe.skipIf(onPostgres)(`migration ${MIGRATION}`, () => {
  it("copies messages in their order and jobs with their key, and drops the old tables", () => {
    const db = upgraded();
    expect(
      db
        .prepare(
          `SELECT "id","kind","dedupeKey","messageKey","payload","status","attempts","dueAt","doneAt" FROM "QueueItem" ORDER BY "id"`,
        )
        .all(),
    ).toEqual([
      {
        id: 3,
        kind: "message",
        dedupeKey: null,
        messageKey: null,
        payload: '{"n":3}',
        status: "done",
        attempts: 0,
        dueAt: at(1),
        doneAt: at(2),
      },
      {
        id: 7,
        kind: "message",
        dedupeKey: null,
        messageKey: "poll:m1",
        payload: '{"n":7}',
        status: "pending",
        attempts: 2,
        dueAt: at(5),
        doneAt: null,
      },
      {
        id: 8,
        kind: "poll.reminder",
        dedupeKey: "meeting:m1:poll-reminder",
        messageKey: null,
        payload: '{"meetingId":"m1"}',
        status: "pending",
        attempts: 1,
        dueAt: at(9),
        doneAt: null,
      },
    ]);
    const tables = db.prepare(`SELECT "name" FROM sqlite_master WHERE type = 'table'`).all();
    expect(tables).not.toContainEqual({ name: "OutboxMessage" });
    expect(tables).not.toContainEqual({ name: "Job" });
    expect(tables).not.toContainEqual({ name: "ChatConversation" });
    expect(tables).not.toContainEqual({ name: "HeldFile" });
  });

  it("keeps each Teams conversation, the newest personal chat of each person and of each tenant", () => {
    const db = upgraded();
    expect(db.prepare(`SELECT "namespace","key","value" FROM "AdapterRecord" ORDER BY "key"`).all()).toEqual([
      { namespace: "teams", key: "conversation:19:channel", value: '{"r":"channel"}' },
      { namespace: "teams", key: "conversation:a:new", value: '{"r":"new"}' },
      { namespace: "teams", key: "conversation:a:old", value: '{"r":"old"}' },
      { namespace: "teams", key: "personal:tenant1:u1", value: "a:new" },
      { namespace: "teams", key: "tenant:tenant1", value: "a:new" },
    ]);
  });
});
