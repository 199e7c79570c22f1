import type { CapabilityLinks, LinkKind } from "../core/links.ts";
import { compactFiles, type Db } from "./db.ts";
import { type SealedModel, sealRows } from "./sealed-rows.ts";

/** The capability link tables: each row's token derives from the data key and the row's id. */
const LINK_TABLES: {
  delegate: "feedToken" | "eventToken" | "pageLink" | "pageQrLink" | "summaryEditLink" | "caseExportLink";
  kind: LinkKind;
}[] = [
  { delegate: "feedToken", kind: "feed" },
  { delegate: "eventToken", kind: "event" },
  { delegate: "pageLink", kind: "page" },
  { delegate: "pageQrLink", kind: "qr" },
  { delegate: "summaryEditLink", kind: "edit" },
  { delegate: "caseExportLink", kind: "export" },
];

interface LinkDelegate {
  findMany(args: unknown): Promise<{ id: string; tokenHash: string }[]>;
  update(args: unknown): Promise<unknown>;
}

/** Link rows per transaction. */
const BATCH = 200;

export interface RekeyReport {
  /** Rows re-sealed with the current key, per table. */
  sealed: Record<SealedModel, number>;
  /** Capability link rows whose stored hash was renewed (their links' tokens changed with the key). */
  links: Record<LinkKind, number>;
}

/**
 * `npm run rekey`, after EQUIPE_DATA_KEY changed (the old one in EQUIPE_DATA_KEYS_PREVIOUS):
 * every row sealed with another key (or none) is sealed again with the current one, and every
 * capability link row gets the hash of its token under the current key, since link tokens derive
 * from the data key: a link shown again works, a link sent before the rotation does not. Then no
 * old copy is left in the files. Idempotent: run again, it changes nothing.
 */
export async function rekey(db: Db, links: Pick<CapabilityLinks, "hashOf">): Promise<RekeyReport> {
  const sealed = await sealRows(db, db.cipher, "stale");
  const renewed = { feed: 0, event: 0, page: 0, qr: 0, edit: 0, export: 0 } satisfies Record<
    LinkKind,
    number
  >;
  for (const { delegate, kind } of LINK_TABLES) {
    const table = (db as unknown as Record<string, LinkDelegate>)[delegate] as LinkDelegate;
    let after = "";
    for (;;) {
      const rows = await table.findMany({
        where: { id: { gt: after } },
        select: { id: true, tokenHash: true },
        orderBy: { id: "asc" },
        take: BATCH,
      });
      const last = rows.at(-1);
      if (last === undefined) break;
      after = last.id;
      const stale = rows.filter((row) => row.tokenHash !== links.hashOf(kind, row.id));
      if (stale.length === 0) continue;
      await db.$transaction(async (tx) => {
        const inTx = (tx as unknown as Record<string, LinkDelegate>)[delegate] as LinkDelegate;
        for (const row of stale)
          await inTx.update({
            where: { id: row.id },
            data: { tokenHash: links.hashOf(kind, row.id) },
            select: { id: true },
          });
      });
      renewed[kind] += stale.length;
    }
  }
  await compactFiles(db);
  return { sealed, links: renewed };
}
