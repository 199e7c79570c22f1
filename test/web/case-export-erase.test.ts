import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../../src/content/model.ts";
import { plainMessage } from "../../src/content/plain.ts";
import { linkKeyFrom } from "../../src/core/links.ts";
import { PrismaAdapterState } from "../../src/infra/prisma-adapter-state.ts";
import { slackCtx } from "../support/fakes.ts";
import { queued } from "../support/sealed.ts";
import { PagesHarness, WEB_DATA_KEY, webEquipe } from "../support/web-pages.ts";

const exportToken = (rowId: string): string =>
  createHmac("sha256", linkKeyFrom(WEB_DATA_KEY)).update(`export:${rowId}`).digest("base64url");

let h: PagesHarness;

beforeEach(async () => {
  h = new PagesHarness();
  await h.start();
  await webEquipe(h);
});
afterEach(() => h.stop());

/** Every message queued, opened, as plain text. */
async function texts(): Promise<string[]> {
  const rows = await queued(h.testDb.db, { kind: "message" });
  return rows.map((row) => {
    try {
      return plainMessage((JSON.parse(row.payload) as { message: Message }).message);
    } catch {
      return "";
    }
  });
}

const click = (user: string, action: string, value: string) =>
  h.running.core.action({ ...slackCtx(user), place: { kind: "private" } }, action, value);

async function circulateSummary(): Promise<void> {
  const equipe = await h.testDb.db.equipe.findFirstOrThrow();
  const coord = await h.testDb.db.member.findFirstOrThrow({ where: { platformUserId: "U0COORD" } });
  const values: Record<string, string> = { note: "Prima versione", acknowledgeBy: "", intent: "circulate" };
  for (const key of ["needs", "responses", "environment", "situation", "goals", "agreements"]) {
    values[`text_${key}`] =
      key === "situation" ? "Situazione-marker: la famiglia è seguita da *sei* mesi." : "";
    values[`audience_${key}`] = "everyone";
  }
  await h.running.core.submitForm(
    {
      actor: { kind: "link", memberId: coord.id as never },
      place: { kind: "private" },
      inline: { answer: () => {} },
    },
    "summary-edit",
    values,
    equipe.id,
  );
}

describe("a whole case's export", () => {
  it("asks for confirmation, then gives the coordinator alone a short-lived link to the whole case as Markdown", async () => {
    await circulateSummary();
    await h.run("U0EDU", "esporta-caso");
    expect((await texts()).at(-1)).not.toContain("Esportazione del caso");
    await h.run("U0COORD", "esporta-caso");
    expect((await texts()).at(-1)).toContain("Esportazione del caso FAM-2027-021");
    expect(await h.testDb.db.caseExportLink.count()).toBe(0);
    const equipe = await h.testDb.db.equipe.findFirstOrThrow();
    // A member who does not coordinate cannot make one by clicking.
    await click("U0EDU", "case-export", equipe.id);
    expect(await h.testDb.db.caseExportLink.count()).toBe(0);
    await click("U0COORD", "case-export", equipe.id);
    const link = await h.testDb.db.caseExportLink.findFirstOrThrow();
    expect(link.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(link.expiresAt.getTime() - h.clock.now().getTime()).toBe(30 * 60_000);
    expect((await texts()).at(-1)).toContain("Scarica il file del caso");

    const response = await fetch(`${h.url}/x/${exportToken(link.id)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/markdown");
    expect(response.headers.get("content-disposition")).toContain("caso-FAM-2027-021-");
    const file = await response.text();
    expect(file).toContain("# Caso FAM-2027-021: esportazione completa");
    expect(file).toContain("Anna B.");
    expect(file).toContain("mamma@example.org");
    // People's text reads as typed: its markup is escaped.
    expect(file).toContain("Situazione-marker: la famiglia è seguita da \\*sei\\* mesi.");
    // Opening it wrote nothing.
    expect(await h.testDb.db.auditEntry.count({ where: { action: "case.exported" } })).toBe(1);

    // Expired, unknown, or garbage: the pages' one 404.
    expect((await fetch(`${h.url}/x/${exportToken("nope")}`)).status).toBe(404);
    expect((await fetch(`${h.url}/x/%zz`)).status).toBe(404);
    h.clock.advance(31 * 60_000);
    expect((await fetch(`${h.url}/x/${exportToken(link.id)}`)).status).toBe(404);
  });
});

/** Letters still waiting for the mother. */
async function lettersToMum(): Promise<number> {
  const all = await queued(h.testDb.db, { kind: "message" });
  return all.filter((row) => row.payload.includes("mamma@example.org")).length;
}

describe("erasing a closed case", () => {
  it("needs the case code typed, a closed case and a click; then content goes and the trail stays as ids", async () => {
    await circulateSummary();
    const equipe = await h.testDb.db.equipe.findFirstOrThrow();
    await h.run("U0COORD", "cancella-caso");
    expect((await texts()).at(-1)).toMatch(/FAM-2027-021.*\/equipe cancella-caso/);
    await h.run("U0COORD", "cancella-caso FAM-2099-001");
    expect((await texts()).at(-1)).toContain("non è il codice di questo caso");
    // A meeting being convened: the case is not closed.
    await h.convene(["2027-01-20 15:00", "2027-01-21 15:00"], "2027-01-15 12:00");
    await h.run("U0COORD", "cancella-caso FAM-2027-021");
    expect((await texts()).at(-1)).toContain("non è chiuso");
    const meeting = await h.testDb.db.meeting.findFirstOrThrow();
    await h.running.core.submitForm(
      slackCtx("U0COORD"),
      "meeting-cancel",
      { reason: "La famiglia ha cambiato città." },
      `${meeting.id}:${meeting.sequence}:${meeting.status}`,
    );
    expect((await h.testDb.db.meeting.findFirstOrThrow()).status).toBe("cancelled");
    await h.run("U0COORD", "cancella-caso FAM-2027-021");
    expect((await texts()).at(-1)).toContain("Cancellare il caso FAM-2027-021?");
    expect(await h.testDb.db.equipe.count()).toBe(1);
    // Someone who does not coordinate clicks: nothing happens.
    await click("U0EDU", "case-erase", equipe.id);
    expect(await h.testDb.db.equipe.count()).toBe(1);

    // The mother's letters (her page, the poll, the summary) wait for e-mail (off here)…
    expect(await lettersToMum()).toBeGreaterThan(0);
    // …and some went already: a delivered message keeps its body, which is the case's too.
    await h.running.idle();
    const first = await h.running.db.queueItem.findFirstOrThrow({
      where: { kind: "message" },
      orderBy: { id: "asc" },
    });
    await h.running.db.queueItem.updateMany({
      where: { kind: "message", id: first.id },
      data: { status: "done" },
    });
    // What a channel holds for the case (a file awaiting a member's consent) goes too; what is
    // nobody's case (a conversation reference) stays.
    const state = new PrismaAdapterState(h.running.db, h.running.db.cipher);
    await state.put("teams", "file:held", "{}", { equipeId: equipe.id });
    await state.put("teams", "conversation:kept", "{}");
    await click("U0COORD", "case-erase", equipe.id);
    expect(await h.testDb.db.equipe.count()).toBe(0);
    expect((await h.testDb.db.adapterRecord.findMany()).map((r) => r.key)).toEqual(["conversation:kept"]);
    expect(await h.testDb.db.member.count()).toBe(0);
    expect(await h.testDb.db.meeting.count()).toBe(0);
    expect(await h.testDb.db.summaryVersion.count()).toBe(0);
    expect(await h.testDb.db.summarySection.count()).toBe(0);
    expect(await h.testDb.db.pageLink.count()).toBe(0);
    expect(await h.testDb.db.channelBinding.count()).toBe(0);
    const trail = await h.testDb.db.auditEntry.findMany({ where: { equipeId: equipe.id } });
    expect(trail.map((e) => e.action)).toContain("case.erased");
    expect(trail.every((e) => e.reason === null)).toBe(true);
    // Nothing still waiting carries the case to its members.
    const waiting = await queued(h.testDb.db, { kind: "message", status: { in: ["pending", "held"] } });
    for (const row of waiting) {
      const outgoing = JSON.parse(row.payload) as { recipient?: { equipeId?: string } };
      expect(outgoing.recipient?.equipeId).not.toBe(equipe.id);
    }
    expect(await lettersToMum()).toBe(0);
    // Nothing the bot said in the case's conversation or to its members is kept: the queue holds
    // only the erasure's own confirmation (to the coordinator, ids only).
    const left = (await queued(h.testDb.db, { kind: "message" })).map((row) => row.payload);
    expect(left.filter((payload) => payload.includes("C0EQUIPE"))).toEqual([]);
    // The conversation is no longer bound: the case's commands say so.
    await h.run("U0COORD", "sintesi");
    expect((await texts()).at(-1)).not.toContain("Editor della sintesi");
  });
});
