import { z } from "zod";
import { type JobDef, job } from "../../core/feature.ts";
import { asJob } from "../../core/request.ts";
import type { SummaryVersionId } from "../../domain/summary.ts";
import { reminderMessage, summaryByLink } from "./messages.ts";
import { docContext, readStates } from "./queries.ts";

/** Every job key of the summary, in one place. */
export const summaryJobKeys = {
  reminder: (versionId: string) => `summary:${versionId}:reminder`,
};

/**
 * On the acknowledge-by day: a reminder to those who still have sections of this version to
 * acknowledge, and to nobody else. A version no longer the latest reminds nobody (the newer one
 * has its own day, or none).
 */
export const summaryReminder = job({
  kind: "summary.reminder",
  payload: z.object({ versionId: z.string().max(64) }),
  async run(deps, jobId, { versionId }) {
    await asJob(
      deps,
      jobId,
      async (repos) => {
        const version = await repos.summaries.version(versionId as SummaryVersionId);
        const equipe = version ? await repos.equipes.findById(version.equipeId) : undefined;
        return version && equipe ? { equipe, subject: version } : undefined;
      },
      async ({ repos, equipe, subject: version, tell, audit }) => {
        const latest = await repos.summaries.latest(equipe.id, version.document);
        if (latest?.id !== version.id) return;
        const ctx = await docContext(repos, equipe, version);
        const due = (await readStates(repos, equipe, version))
          .filter((state) => state.pending.length > 0 && state.member.id !== version.circulatedBy)
          .map((state) => state.member);
        if (due.length === 0) return;
        await tell.remind(
          due,
          ({ locale, member }) => reminderMessage(locale, ctx, member),
          summaryByLink("reminder", ctx),
          { answer: true },
        );
        await audit("summary.reminded", version.id);
      },
    );
  },
});

export const jobs: readonly JobDef[] = [summaryReminder];
