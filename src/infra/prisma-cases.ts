import type { DecisionId, EquipeId, MeetingId, MemberId } from "../domain/ids.ts";
import type { CaseRepository, Erased, ExportLinkIssue } from "../features/cases/repository.ts";
import type { Stamp } from "./change-clock.ts";
import type { FieldCipher } from "./field-cipher.ts";
import { MESSAGE_KIND } from "./leased-queue.ts";
import { sameHash } from "./prisma-pages.ts";
import type { Tx } from "./prisma-tx.ts";
import { openIn } from "./sealed-rows.ts";

/** Rows per statement when a list of ids goes into `IN (…)`: a database takes only so many parameters. */
const SLICE = 500;
const slices = <T>(list: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += SLICE) out.push(list.slice(i, i + SLICE));
  return out;
};

export class PrismaCaseRepository implements CaseRepository {
  constructor(
    private readonly db: Tx,
    private readonly cipher: FieldCipher,
    private readonly stamp: Stamp,
  ) {}

  async meetingIds(equipeId: EquipeId): Promise<MeetingId[]> {
    const rows = await this.db.meeting.findMany({
      where: { equipeId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    return rows.map((r) => r.id as MeetingId);
  }

  async decisionIds(equipeId: EquipeId): Promise<DecisionId[]> {
    const rows = await this.db.decision.findMany({
      where: { equipeId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    return rows.map((r) => r.id as DecisionId);
  }

  async trail(equipeId: EquipeId) {
    const rows = await this.db.auditEntry.findMany({
      where: { equipeId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { createdAt: true, actorId: true, action: true, subjectId: true },
    });
    return rows.map((r) => ({
      at: r.createdAt,
      actorId: (r.actorId ?? undefined) as MemberId | undefined,
      action: r.action,
      subjectId: r.subjectId ?? undefined,
    }));
  }

  async issueExportLink(link: ExportLinkIssue, at: Date): Promise<void> {
    // Expired ones open nothing any more, and a new one replaces the coordinator's earlier ones.
    await this.db.caseExportLink.deleteMany({
      where: { OR: [{ expiresAt: { lte: at } }, { memberId: link.memberId }] },
    });
    await this.db.caseExportLink.create({
      data: {
        id: link.id,
        tokenHash: link.tokenHash,
        equipeId: link.equipeId,
        memberId: link.memberId,
        createdAt: at,
        expiresAt: link.expiresAt,
      },
      select: { id: true },
    });
  }

  async findExportLink(
    tokenHash: string,
    now: Date,
  ): Promise<{ equipeId: EquipeId; memberId: MemberId } | undefined> {
    const row = await this.db.caseExportLink.findUnique({
      where: { tokenHash },
      select: { tokenHash: true, equipeId: true, memberId: true, expiresAt: true },
    });
    if (row === null || row.expiresAt <= now || !sameHash(row.tokenHash, tokenHash)) return undefined;
    return { equipeId: row.equipeId as EquipeId, memberId: row.memberId as MemberId };
  }

  async dropExportLinks(memberId: MemberId): Promise<void> {
    await this.db.caseExportLink.deleteMany({ where: { memberId } });
  }

  async erase(equipeId: EquipeId, at: Date): Promise<Erased> {
    const db = this.db;
    const memberIds = (await db.member.findMany({ where: { equipeId }, select: { id: true } })).map(
      (m) => m.id,
    );
    const meetingIds = (await this.meetingIds(equipeId)) as string[];
    const decisionIds = (await this.decisionIds(equipeId)) as string[];
    const versionIds = (await db.summaryVersion.findMany({ where: { equipeId }, select: { id: true } })).map(
      (v) => v.id,
    );

    // Work still due for the case does nothing once it is gone; cancelled now, so that none of it runs.
    const prefixes = [
      ...meetingIds.map((id) => `meeting:${id}:`),
      ...decisionIds.map((id) => `decision:${id}:`),
      ...versionIds.map((id) => `summary:${id}:`),
    ];
    for (const prefix of prefixes)
      await db.queueItem.updateMany({
        where: { kind: { not: MESSAGE_KIND }, dedupeKey: { startsWith: prefix }, status: "pending" },
        data: { status: "cancelled" },
      });
    // Every message of the case, whatever became of it (waiting, delivered, failed): a delivered
    // one keeps its body, which carries the case's content. The case's are those for one of its
    // members, and those posted in its conversations.
    const channels = new Set(
      (
        await db.channelBinding.findMany({
          where: { equipeId },
          select: { platform: true, workspaceId: true, channelId: true },
        })
      ).map((c) => `${c.platform}:${c.workspaceId}:${c.channelId}`),
    );
    const ofCase: number[] = [];
    let after = 0;
    for (;;) {
      const rows = await db.queueItem.findMany({
        where: { kind: MESSAGE_KIND, id: { gt: after } },
        select: { id: true, payload: true, keyId: true },
        orderBy: { id: "asc" },
        take: SLICE,
      });
      const last = rows.at(-1);
      if (last === undefined) break;
      after = last.id;
      for (const row of rows) {
        try {
          const json = openIn(this.cipher, "QueueItem", "payload", row.id, row.keyId, row.payload);
          const payload = JSON.parse(json) as {
            recipient?: { equipeId?: string };
            target?: { kind?: string; platform?: string; workspaceId?: string; channelId?: string };
          };
          const target = payload.target;
          const inConversation =
            (target?.kind === "channel" || target?.kind === "ephemeral") &&
            channels.has(`${target.platform}:${target.workspaceId}:${target.channelId}`);
          if (payload.recipient?.equipeId === equipeId || inConversation) ofCase.push(row.id);
        } catch {
          // A payload that does not open is the queue's to report, not ours to guess at.
        }
      }
    }
    // Gone, not kept sealed: their content is the case's.
    for (const ids of slices(ofCase)) await db.queueItem.deleteMany({ where: { id: { in: ids } } });

    // Summaries and minutes.
    for (const ids of slices(versionIds))
      await db.summarySection.deleteMany({ where: { versionId: { in: ids } } });
    await db.summaryDecisionLink.deleteMany({ where: { equipeId } });
    await db.summaryVersion.deleteMany({ where: { equipeId } });
    await db.summaryDraft.deleteMany({ where: { equipeId } });
    await db.summaryAcknowledgement.deleteMany({ where: { equipeId } });
    await db.summaryComment.deleteMany({ where: { equipeId } });
    await db.summaryEditLink.deleteMany({ where: { equipeId } });
    await db.caseExportLink.deleteMany({ where: { equipeId } });
    // What a channel holds for the case (files awaiting a member's consent to be saved).
    await db.adapterRecord.deleteMany({ where: { equipeId } });

    // Decisions, with their participants, viewpoints, history and actions (explicitly: whether the
    // database enforces the cascades is the driver's business, the erasure must not depend on it).
    for (const ids of slices(decisionIds)) {
      const decisionId = { in: ids };
      await db.decisionParticipant.deleteMany({ where: { decisionId } });
      await db.viewpoint.deleteMany({ where: { decisionId } });
      await db.viewpointRevision.deleteMany({ where: { decisionId } });
      await db.decisionAction.deleteMany({ where: { decisionId } });
    }
    await db.decision.deleteMany({ where: { equipeId } });

    // The members' links and feeds, and the meetings' calendar files.
    for (const ids of slices(memberIds)) {
      await db.pageQrLink.deleteMany({ where: { memberId: { in: ids } } });
      await db.pageLink.deleteMany({ where: { memberId: { in: ids } } });
      await db.feedToken.deleteMany({ where: { memberId: { in: ids } } });
      await db.eventToken.deleteMany({ where: { memberId: { in: ids } } });
    }
    for (const ids of slices(meetingIds))
      await db.eventToken.deleteMany({ where: { meetingId: { in: ids } } });
    await db.organisationMembership.deleteMany({ where: { equipeId } });

    // Meetings with their times and answers, members, conversations, binding requests, the équipe.
    for (const ids of slices(meetingIds)) {
      const slots = (await db.slot.findMany({ where: { meetingId: { in: ids } }, select: { id: true } })).map(
        (x) => x.id,
      );
      for (const slotIds of slices(slots))
        await db.availability.deleteMany({ where: { slotId: { in: slotIds } } });
      await db.slot.deleteMany({ where: { meetingId: { in: ids } } });
    }
    for (const ids of slices(memberIds))
      await db.availability.deleteMany({ where: { memberId: { in: ids } } });
    await db.meeting.deleteMany({ where: { equipeId } });
    await db.member.deleteMany({ where: { equipeId } });
    await db.channelBinding.deleteMany({ where: { equipeId } });
    await db.bindingRequest.deleteMany({ where: { equipeId } });
    await db.equipe.delete({ where: { id: equipeId } });
    // Calendar feeds that showed its meetings change: their validators must move.
    await this.stamp(at);

    // The trail stays, ids only: the reasons people gave are case content.
    await db.auditEntry.updateMany({ where: { equipeId }, data: { reason: null } });
    return {
      members: memberIds.length,
      meetings: meetingIds.length,
      decisions: decisionIds.length,
      versions: versionIds.length,
    };
  }
}
