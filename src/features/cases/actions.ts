import { z } from "zod";
import { joined, lines, textMessage } from "../../content/model.ts";
import { type ActionDef, action } from "../../core/feature.ts";
import { asCoordinator, equipeNamed, type Scope } from "../../core/request.ts";
import type { EquipeRecord } from "../../domain/equipe.ts";
import { DomainError } from "../../domain/errors.ts";
import { type EquipeId, type MemberId, newId } from "../../domain/ids.ts";
import { label, t } from "../../i18n/catalogue.ts";
import type { Locale } from "../../i18n/locale.ts";
import { caseExport, caseFileName } from "./queries.ts";

export const CASE_ACTIONS = { export: "case-export", erase: "case-erase" } as const;

/** How long a case's export link opens: long enough to download it, no longer. */
export const EXPORT_LINK_MINUTES = 30;

const equipeValue = z.string().min(1).max(64);

/**
 * Refuses while something of the case is under way: an open time poll, a confirmed meeting
 * ahead, a decision awaiting its outcome. A case with none of these is closed.
 */
export async function openThings(
  repos: Scope["repos"],
  equipe: EquipeRecord,
  now: Date,
  locale: Locale,
): Promise<void> {
  const open: ("case.openPoll" | "case.upcoming" | "case.pendingDecision")[] = [];
  if (await repos.meetings.findOpenPoll(equipe.id)) open.push("case.openPoll");
  if (await repos.meetings.findNextConfirmed(equipe.id, now)) open.push("case.upcoming");
  if (await repos.decisions.findPending(equipe.id)) open.push("case.pendingDecision");
  if (open.length > 0)
    throw new DomainError("case.notClosed", {
      caseCode: equipe.caseCode,
      open: joined(
        open.map((key) => t(locale, key)),
        "; ",
      ),
    });
}

/** "Export the case": a short-lived link to the whole case's file, privately; the export is in the trail. */
const exportCase = action({
  id: CASE_ACTIONS.export,
  value: equipeValue,
  async run(deps, req, equipeId) {
    await asCoordinator(
      deps,
      req,
      equipeNamed(equipeId),
      async ({ repos, equipe, member, now, tell, audit }) => {
        const id = newId<"ExportLinkId">();
        await repos.cases.issueExportLink(
          {
            id,
            tokenHash: deps.links.hashOf("export", id),
            equipeId: equipe.id,
            memberId: member.id,
            expiresAt: new Date(now.getTime() + EXPORT_LINK_MINUTES * 60_000),
          },
          now,
        );
        await audit("case.exported");
        const sealed = deps.links.sealed("export", id);
        await tell.actor(
          req,
          ({ locale }) => ({
            blocks: [
              { type: "text", content: t(locale, "case.exportReady", { caseCode: equipe.caseCode }) },
              { type: "link", url: sealed, label: label(locale, "case.exportLinkLabel") },
              {
                type: "note",
                content: t(locale, "case.exportLinkNote", { minutes: String(EXPORT_LINK_MINUTES) }),
              },
            ],
            attachments: [],
          }),
          member,
        );
      },
    );
    deps.log("case.exported", {});
  },
});

/** "Erase for good": checked again (closed, a coordinator), then the content goes; the trail stays, ids only. */
const eraseCase = action({
  id: CASE_ACTIONS.erase,
  value: equipeValue,
  async run(deps, req, equipeId) {
    const erased = await asCoordinator(
      deps,
      req,
      equipeNamed(equipeId),
      async ({ repos, equipe, now, tell, audit, locale }) => {
        await openThings(repos, equipe, now, locale);
        // Said before it goes: the message is written with what the case still is.
        // To the person, not as a member of the case: the case it was about is gone by then.
        await tell.actor(req, ({ locale }) =>
          textMessage(lines([t(locale, "case.erased", { caseCode: equipe.caseCode })])),
        );
        await audit("case.erased");
        return repos.cases.erase(equipe.id, now);
      },
    );
    deps.log("case.erased", { ...erased });
  },
});

export const actions: readonly ActionDef[] = [exportCase, eraseCase];

/**
 * The whole case as a file, for the coordinator whose export link it is: established as a
 * coordinator of the équipe first (a link outlives nothing: one who stopped coordinating gets
 * nothing). Reads only.
 */
export async function caseFile(
  deps: Parameters<ActionDef["run"]>[0],
  memberId: MemberId,
  equipeId: EquipeId,
): Promise<{ markdown: string; filename: string }> {
  return asCoordinator(
    deps,
    { actor: { kind: "link", memberId }, place: { kind: "private" } },
    equipeNamed(equipeId),
    async (scope) => ({
      markdown: await caseExport(scope),
      filename: caseFileName(scope.equipe.caseCode, scope.now),
    }),
    { once: false },
  );
}
