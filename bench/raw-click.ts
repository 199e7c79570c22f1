/**
 * The raw-SQL floor of a poll click: the statements Équipe runs for one (its unit of work, then
 * its share of a delivery pass), word for word as a run of `bench/round-trip.ts` printed them, run
 * through better-sqlite3 directly: each prepared once, no Prisma, no work queue, no rendering, no
 * sealing, no Web API call. What a click's SQL costs on this machine, and no more; behind a bare
 * Bolt app, it is the floor that Équipe's completed clicks are shown beside.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { BATCH_SIZE } from "../src/infra/leased-queue.ts";
import { settleConnection } from "../src/infra/sqlite-durability.ts";

/** Équipe's outbox delivers a click's messages in passes of about this many clicks (0.2 claims a click, measured). */
const CLICKS_PER_PASS = 5;

export interface RawClickTarget {
  meetingId: string;
  /** The platform user ids of the members who click (each must be a member of the meeting's équipe). */
  users: string[];
}

export interface RawClicks {
  /** The `i`th click: the `i`th of the users (in turn) answers one of the meeting's times (in turn). */
  click(i: number): void;
  /** Delivers what is left, and closes the database. */
  close(): void;
}

/**
 * Opens `file` (a copy of the bench's database: what the floor writes stays there) as Équipe
 * opens SQLite (WAL, `settleConnection`: synchronous FULL, secure delete) and prepares a click's
 * statements for `target`.
 */
export function rawClicks(file: string, target: RawClickTarget): RawClicks {
  const db = new Database(file, { timeout: 0 });
  db.pragma("journal_mode = WAL");
  settleConnection(db);
  const meeting = db
    .prepare<[string], { equipeId: string; keyId: string | null }>(
      `SELECT "equipeId", "keyId" FROM "Meeting" WHERE id = ?`,
    )
    .get(target.meetingId);
  if (meeting === undefined) throw new Error(`raw click: no meeting ${target.meetingId}`);
  const slots = db
    .prepare<[string], { id: string }>(`SELECT id FROM "Slot" WHERE "meetingId" = ? ORDER BY position`)
    .all(target.meetingId)
    .map((row) => row.id);
  const memberOf = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM "Member" WHERE "equipeId" = ? AND "platformUserId" = ? AND "removedAt" IS NULL`,
  );
  const members = target.users.map((user) => {
    const member = memberOf.get(meeting.equipeId, user);
    if (member === undefined) throw new Error(`raw click: ${user} is not a member`);
    return member.id;
  });
  // The two messages a click queues: the clicking member's own poll (keyed by member) and the
  // channel's count, each as sealed and as long as Équipe's own last one for this meeting.
  const lastOf = db.prepare<[string], { payload: string; expiresAt: string | null }>(
    `SELECT payload, "expiresAt" FROM "QueueItem" WHERE kind = 'message' AND "messageKey" = ? ORDER BY id DESC LIMIT 1`,
  );
  const queued = (key: string) => {
    const row = lastOf.get(key);
    if (row === undefined) throw new Error(`raw click: Équipe queued no ${key} to copy`);
    return { messageKey: key, ...row };
  };
  const polls = members.map((member) => queued(`poll:${target.meetingId}:${member}`));
  const channel = db
    .prepare<[string], { messageKey: string }>(
      `SELECT "messageKey" FROM "QueueItem" WHERE kind = 'message' AND "messageKey" LIKE ? ORDER BY id DESC LIMIT 1`,
    )
    .get(`poll:${target.meetingId}:channel:%`);
  if (channel === undefined) throw new Error("raw click: Équipe queued no channel count to copy");
  const count = queued(channel.messageKey);

  const begin = db.prepare("BEGIN");
  const commit = db.prepare("COMMIT");
  const processed = db.prepare(
    ` INSERT INTO "ProcessedDelivery" ("key", "createdAt") VALUES (?, ?) ON CONFLICT ("key") DO NOTHING`,
  );
  const meetingWithEquipe =
    db.prepare(` SELECT m.id, m."equipeId", m."icalUid", m.purpose, m."durationMinutes", m.location, m.deadline,
        m.status, m."confirmedSlotId", m."startsAt", m.sequence, m."createdByMemberId", m."keyId",
        e."caseCode", e.timezone, e.locale,
        s.id AS "slotId", s.position AS "slotPosition", s."startsAt" AS "slotStartsAt",
        c.id AS "bindingId", c.platform, c."workspaceId", c."channelId"
      FROM "Meeting" AS m
      JOIN "Equipe" AS e ON e.id = m."equipeId"
      LEFT JOIN "Slot" AS s ON s."meetingId" = m.id
      LEFT JOIN "ChannelBinding" AS c ON c."equipeId" = m."equipeId"
      WHERE m.id = ?
      ORDER BY s.position, c."createdAt", c.id`);
  const equipeMembers = db.prepare(
    "SELECT `main`.`Member`.`id`, `main`.`Member`.`equipeId`, `main`.`Member`.`kind`, `main`.`Member`.`platform`, `main`.`Member`.`workspaceId`, `main`.`Member`.`platformUserId`, `main`.`Member`.`displayName`, `main`.`Member`.`email`, `main`.`Member`.`phone`, `main`.`Member`.`role`, `main`.`Member`.`isCoordinator`, `main`.`Member`.`locale` FROM `main`.`Member` WHERE (`main`.`Member`.`equipeId` = ? AND `main`.`Member`.`removedAt` IS NULL) ORDER BY `main`.`Member`.`isCoordinator` DESC, `main`.`Member`.`createdAt` ASC, `main`.`Member`.`id` ASC LIMIT ? OFFSET ?",
  );
  const answer = db.prepare(
    "INSERT INTO `main`.`Availability` (`id`, `slotId`, `memberId`, `answer`, `recordedByMemberId`, `updatedAt`) VALUES (?,?,?,?,?,?) ON CONFLICT (`slotId`,`memberId`) DO UPDATE SET `answer` = ?, `recordedByMemberId` = ?, `updatedAt` = ? WHERE ((`main`.`Availability`.`slotId` = ? AND `main`.`Availability`.`memberId` = ?) AND 1=1) RETURNING `id` AS `id`",
  );
  const answers = db.prepare(
    "SELECT `main`.`Availability`.`id`, `main`.`Availability`.`slotId`, `main`.`Availability`.`memberId`, `main`.`Availability`.`answer`, `main`.`Availability`.`recordedByMemberId` FROM `main`.`Availability` LEFT JOIN `main`.`Slot` AS `j0` ON (`j0`.`id`) = (`main`.`Availability`.`slotId`) WHERE (`j0`.`meetingId` = ? AND (`j0`.`id` IS NOT NULL)) LIMIT ? OFFSET ?",
  );
  const audit = db.prepare(
    "INSERT INTO `main`.`AuditEntry` (`id`, `equipeId`, `actorId`, `action`, `subjectId`, `createdAt`, `reason`, `keyId`) VALUES (?,?,?,?,?,?,?,?) RETURNING `id` AS `id`",
  );
  const queue = db.prepare(
    "INSERT INTO `main`.`QueueItem` (`kind`, `messageKey`, `payload`, `status`, `attempts`, `dueAt`, `createdAt`, `expiresAt`, `keyId`) VALUES (?,?,?,?,?,?,?,?,?), (?,?,?,?,?,?,?,?,?)",
  );
  const supersede = db.prepare(
    `UPDATE "QueueItem" SET status = 'superseded' WHERE kind = ? AND status = 'pending' AND "leaseUntil" IS NULL AND "messageKey" IS NOT NULL AND EXISTS ( SELECT 1 FROM "QueueItem" AS newer WHERE newer.kind = ? AND newer."messageKey" = "QueueItem"."messageKey" AND newer.id > "QueueItem".id)`,
  );
  const pending = db.prepare<unknown[], { id: number | bigint }>(
    "SELECT `main`.`QueueItem`.`id`, `main`.`QueueItem`.`kind`, `main`.`QueueItem`.`messageKey`, `main`.`QueueItem`.`payload`, `main`.`QueueItem`.`attempts`, `main`.`QueueItem`.`expiresAt`, `main`.`QueueItem`.`createdAt`, `main`.`QueueItem`.`leaseUntil`, `main`.`QueueItem`.`keyId` FROM `main`.`QueueItem` WHERE (`main`.`QueueItem`.`kind` = ? AND `main`.`QueueItem`.`status` = ? AND `main`.`QueueItem`.`dueAt` <= ? AND `main`.`QueueItem`.`id` > ?) ORDER BY `main`.`QueueItem`.`id` ASC LIMIT ? OFFSET ?",
  );
  const owner = `raw:${process.pid}`;
  /** A claim or finish of `n` rows: Équipe's statement for a batch of that size. */
  const claims = new Map<number, Database.Statement>();
  const finishes = new Map<number, Database.Statement>();
  const inList = (n: number) => Array.from({ length: n }, () => "?").join(",");
  const claim = (n: number) =>
    claims.get(n) ??
    claims
      .set(
        n,
        db.prepare(
          ` UPDATE "QueueItem" SET "leaseUntil" = ?, "leaseOwner" = ? WHERE id IN (${inList(n)}) AND status = 'pending' AND "dueAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?)`,
        ),
      )
      .get(n);
  const finish = (n: number) =>
    finishes.get(n) ??
    finishes
      .set(
        n,
        db.prepare(
          ` UPDATE "QueueItem" SET status = 'done', "doneAt" = ?, "lastError" = NULL, "leaseUntil" = NULL WHERE id IN (${inList(n)}) AND status = 'pending' AND "leaseOwner" = ?`,
        ),
      )
      .get(n);

  /** The outbox's pass: what is due, claimed, (delivered), finished; in batches of BATCH_SIZE, as Équipe claims. */
  function deliver(): void {
    supersede.run("message", "message");
    let after: number | bigint = 0;
    for (;;) {
      const now = new Date().toISOString();
      const rows = pending.all("message", "pending", now, after, BATCH_SIZE, 0);
      if (rows.length === 0) return;
      const ids = rows.map((row) => row.id);
      claim(ids.length)?.run(new Date(Date.now() + 60_000).toISOString(), owner, ...ids, now, now);
      finish(ids.length)?.run(new Date().toISOString(), ...ids, owner);
      // A batch short of the limit was the last: Équipe's pass reads no further.
      if (rows.length < BATCH_SIZE) return;
      after = ids.at(-1) ?? after;
    }
  }

  const choices = ["yes", "if_needed", "no"];
  let clicks = 0;
  return {
    click(i) {
      const now = new Date().toISOString();
      const member = members[i % members.length] ?? "";
      const poll = polls[i % polls.length] ?? count;
      const slot = slots[i % slots.length] ?? "";
      const choice = choices[i % choices.length] ?? "yes";
      begin.run();
      try {
        processed.run(`raw:${randomUUID()}`, now);
        meetingWithEquipe.all(target.meetingId);
        equipeMembers.all(meeting.equipeId, -1, 0);
        answer.all(randomUUID(), slot, member, choice, null, now, choice, null, now, slot, member);
        answers.all(target.meetingId, -1, 0);
        audit.all(
          randomUUID(),
          meeting.equipeId,
          member,
          "availability.answered",
          target.meetingId,
          now,
          null,
          meeting.keyId,
        );
        queue.run(
          ...[poll, count].flatMap((row) => [
            "message",
            row.messageKey,
            row.payload,
            "pending",
            0,
            now,
            now,
            row.expiresAt,
            meeting.keyId,
          ]),
        );
        commit.run();
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
      clicks += 1;
      if (clicks % CLICKS_PER_PASS === 0) deliver();
    },
    close() {
      deliver();
      db.close();
    },
  };
}
