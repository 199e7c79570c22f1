import { type Client, compactFiles, type DatabaseKind } from "./db.ts";
import { type FieldCipher, SealedValueError } from "./field-cipher.ts";
import type { Tx } from "./prisma-tx.ts";

/**
 * Which columns hold case content, sealed at rest with the data key (src/infra/field-cipher.ts):
 * what people typed about a case, and the queued messages that carry it (and capability links).
 * Every row of these tables has a `keyId`: the id of the key its fields were sealed with, or NULL
 * for a row written in clear before sealing existed (read as it is, sealed at the next start).
 * Ids, statuses, times and indexed columns stay clear: nothing ever searches the sealed ones.
 *
 * The repositories seal on write and open on read with `sealIn` / `openIn`; the start-up step
 * and `npm run rekey` walk this list (`sealRows`).
 */
export const SEALED_COLUMNS = {
  Decision: [
    "question",
    "context",
    "options",
    "outcome",
    "overrideReason",
    "cancelReason",
    "familyExclusionReason",
  ],
  Viewpoint: ["reason"],
  ViewpointRevision: ["reason"],
  DecisionAction: ["what"],
  AuditEntry: ["reason"],
  /** Where the équipe meets, as a coordinator typed it (a family's home, a school…). */
  Meeting: ["location"],
  /** Outgoing messages and job payloads alike: one rule for the whole queue. */
  QueueItem: ["payload"],
  /** Adapter state: Teams conversation references and files held for consent (their content). */
  AdapterRecord: ["value"],
  /** Case summaries and minutes (issue 14): drafts, versions' notes and attendance, sections, requests. */
  SummaryDraft: ["sections", "note", "extra"],
  SummaryVersion: ["note", "extra"],
  SummarySection: ["body"],
  SummaryComment: ["body", "answer"],
} as const;

export type SealedModel = keyof typeof SEALED_COLUMNS;
export type SealedColumn<M extends SealedModel> = (typeof SEALED_COLUMNS)[M][number];

/** How a row is named in its places: its id, or (adapter records) its namespace and key. */
export type RowName = string | number | { namespace: string; key: string };

/**
 * The additional authenticated data of a sealed value: the column and the row it belongs to, so
 * that a value copied to another row or column does not open. A queue row's id is only known once
 * inserted (autoincrement): its payload's place is the column alone.
 */
export function placeOf<M extends SealedModel>(model: M, column: SealedColumn<M>, row: RowName): string {
  if (model === "QueueItem") return "QueueItem.payload";
  if (typeof row === "object") return `${model}.${column}:${JSON.stringify([row.namespace, row.key])}`;
  return `${model}.${column}:${row}`;
}

/** Seals a value for its place. */
export function sealIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  plain: string,
): string;
export function sealIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  plain: string | null | undefined,
): string | null;
export function sealIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  plain: string | null | undefined,
): string | null {
  return plain === null || plain === undefined ? null : cipher.seal(plain, placeOf(model, column, row));
}

/**
 * Opens a stored value: a row sealed with a key (its `keyId`) must open, or this throws; a
 * legacy row (`keyId` NULL, written in clear before sealing existed) is read as it is.
 */
export function openIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  keyId: string | null,
  stored: string,
): string;
export function openIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  keyId: string | null,
  stored: string | null,
): string | null;
export function openIn<M extends SealedModel>(
  cipher: FieldCipher,
  model: M,
  column: SealedColumn<M>,
  row: RowName,
  keyId: string | null,
  stored: string | null,
): string | null {
  if (stored === null || keyId === null) return stored;
  return cipher.open(stored, placeOf(model, column, row));
}

/** A row as the sealing walk reads it. */
type Row = Record<string, unknown> & { keyId: string | null };

interface Delegate {
  findFirst(args: unknown): Promise<Row | null>;
  findMany(args: unknown): Promise<Row[]>;
  updateMany(args: unknown): Promise<{ count: number }>;
}

/** Each sealed table: its client delegate, the columns that name a row, and an `@updatedAt` to keep. */
const TABLES: Record<SealedModel, { delegate: string; keys: string[]; updatedAt: boolean }> = {
  Decision: { delegate: "decision", keys: ["id"], updatedAt: true },
  Viewpoint: { delegate: "viewpoint", keys: ["id"], updatedAt: true },
  ViewpointRevision: { delegate: "viewpointRevision", keys: ["id"], updatedAt: false },
  DecisionAction: { delegate: "decisionAction", keys: ["id"], updatedAt: false },
  AuditEntry: { delegate: "auditEntry", keys: ["id"], updatedAt: false },
  Meeting: { delegate: "meeting", keys: ["id"], updatedAt: true },
  QueueItem: { delegate: "queueItem", keys: ["id"], updatedAt: false },
  AdapterRecord: { delegate: "adapterRecord", keys: ["namespace", "key"], updatedAt: true },
  SummaryDraft: { delegate: "summaryDraft", keys: ["equipeId", "document"], updatedAt: false },
  SummaryVersion: { delegate: "summaryVersion", keys: ["id"], updatedAt: false },
  SummarySection: { delegate: "summarySection", keys: ["id"], updatedAt: false },
  SummaryComment: { delegate: "summaryComment", keys: ["id"], updatedAt: false },
};

const delegateOf = (db: Tx, model: SealedModel): Delegate =>
  (db as unknown as Record<string, Delegate>)[TABLES[model].delegate] as Delegate;

const nameOf = (model: SealedModel, row: Row): RowName =>
  model === "AdapterRecord"
    ? { namespace: String(row.namespace), key: String(row.key) }
    : model === "SummaryDraft"
      ? draftRowName(String(row.equipeId), String(row.document))
      : (row.id as string | number);

/** A summary draft's name in its places: its équipe and its document (one draft per document). */
export const draftRowName = (equipeId: string, document: string): string =>
  JSON.stringify([equipeId, document]);

/** Rows per transaction of the walk: short transactions, so a running service is held up little. */
const BATCH = 200;

/** A row that cannot be opened with the keys given (its key is neither current nor previous). */
export class UnknownKeyError extends Error {
  constructor(model: SealedModel, row: RowName, keyId: string | null) {
    super(
      `${model} ${JSON.stringify(row)} is sealed with key ${keyId ?? "(none)"}, which is neither EQUIPE_DATA_KEY nor one of EQUIPE_DATA_KEYS_PREVIOUS (or it was changed): give the key it was sealed with in EQUIPE_DATA_KEYS_PREVIOUS.`,
    );
    this.name = "UnknownKeyError";
  }
}

/**
 * Seals rows again with the current key, batch by batch (each batch one transaction, each row
 * updated only if its `keyId` is still the one read): `legacy` the rows written in clear before
 * sealing existed (`keyId` NULL: the start-up step), `stale` also those sealed with any other key
 * (`npm run rekey`, after a rotation). Idempotent; returns how many rows of each table it sealed.
 */
export async function sealRows(
  db: Client,
  cipher: FieldCipher,
  which: "legacy" | "stale",
): Promise<Record<SealedModel, number>> {
  const counts = Object.fromEntries(Object.keys(SEALED_COLUMNS).map((m) => [m, 0])) as Record<
    SealedModel,
    number
  >;
  for (const model of Object.keys(SEALED_COLUMNS) as SealedModel[]) {
    const table = TABLES[model];
    const columns: readonly string[] = SEALED_COLUMNS[model];
    const select = Object.fromEntries(
      [...table.keys, ...columns, "keyId", ...(table.updatedAt ? ["updatedAt"] : [])].map((c) => [c, true]),
    );
    const where =
      which === "legacy" ? { keyId: null } : { OR: [{ keyId: null }, { keyId: { not: cipher.keyId } }] };
    if (!(await anyRow(db, model, where))) continue;
    // Rows sealed are no longer selected; one that changed under us is read again.
    let previous = "";
    for (;;) {
      const rows = await delegateOf(db, model).findMany({
        where,
        select,
        orderBy: table.keys.map((k) => ({ [k]: "asc" })),
        take: BATCH,
      });
      if (rows.length === 0) break;
      const batch = rows.map((row) => ({ row, data: resealed(cipher, model, columns, row) }));
      const sealed = await db.$transaction(async (tx) => {
        let count = 0;
        for (const { row, data } of batch) {
          const keys = Object.fromEntries(table.keys.map((k) => [k, row[k]]));
          const updated = await delegateOf(tx, model).updateMany({
            where: { ...keys, keyId: row.keyId },
            data: { ...data, keyId: cipher.keyId, ...(table.updatedAt ? { updatedAt: row.updatedAt } : {}) },
          });
          count += updated.count;
        }
        return count;
      });
      counts[model] += sealed;
      // Nothing sealed twice over the same rows: they keep changing under us, or cannot be written.
      const seen = JSON.stringify(rows.map((row) => nameOf(model, row)));
      if (sealed === 0 && seen === previous) throw new Error(`${model}: rows could not be sealed`);
      previous = seen;
    }
  }
  return counts;
}

/**
 * Whether a table holds any row to seal: one row asked for in no order, which only the index on
 * `keyId` serves (see `sealLegacyRows`). The walk's batches are in key order, and for those a
 * planner may walk the primary key instead, filtering: every row read when none matches.
 * PostgreSQL does so on a table it has no statistics for yet (an empty table that grew since).
 */
async function anyRow(db: Client, model: SealedModel, where: object): Promise<boolean> {
  return (await delegateOf(db, model).findFirst({ where, select: { keyId: true } })) !== null;
}

/** A row's sealed columns, sealed again with the current key (a legacy row's from their clear text). */
function resealed(cipher: FieldCipher, model: SealedModel, columns: readonly string[], row: Row) {
  const name = nameOf(model, row);
  const data: Record<string, string | null> = {};
  for (const column of columns) {
    const stored = row[column] as string | null;
    const place = placeOf(model, column as SealedColumn<SealedModel>, name);
    if (stored === null) {
      data[column] = null;
      continue;
    }
    let plain: string;
    try {
      plain = row.keyId === null ? stored : cipher.open(stored, place);
    } catch (error) {
      if (error instanceof SealedValueError) throw new UnknownKeyError(model, name, row.keyId);
      throw error;
    }
    data[column] = cipher.seal(plain, place);
  }
  return data;
}

/**
 * The start-up step (after `migrate deploy`): "a migration encrypts what is stored today", which
 * SQL cannot do without the key. Seals every row still in clear (`keyId` NULL), then leaves no
 * clear copy in the files: WAL emptied, database rebuilt (connections zero what they delete:
 * `secure_delete`). Idempotent: once nothing is left in clear it only looks. How many rows it sealed.
 *
 * Looking is cheap at every start: each sealed table has an index on `keyId` (migration
 * `sealed_key_index`), so asking each table for a row with `keyId` NULL is an index lookup that
 * finds none, not a read of every row (issue 15's size: 560,000 rows at every start of every
 * replica, on SQLite and PostgreSQL alike; `npm run bench:start` measures both ways, and what the
 * index costs: a queue insert within the machine's noise).
 * An index, not a marker written once a pass found nothing left ("all sealed"): a process of a
 * release from before sealing may still write rows in clear after such a marker, a replica not
 * yet replaced in a rolling upgrade (nothing stops it: the migrations it knows are applied) or a
 * release rolled back to for a while. The next start finds those rows through the index and
 * seals them; a marker would hide them for good.
 */
export async function sealLegacyRows(
  db: Client & { kind?: DatabaseKind },
  cipher: FieldCipher,
): Promise<number> {
  const counts = await sealRows(db, cipher, "legacy");
  const sealed = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (sealed > 0) await compactFiles(db);
  return sealed;
}
