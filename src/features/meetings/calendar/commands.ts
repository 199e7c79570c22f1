import { link, textMessage } from "../../../content/model.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { asMember, chatUserOf, yours } from "../../../core/request.ts";
import { newId } from "../../../domain/ids.ts";
import { t } from "../../../i18n/catalogue.ts";

const RESET_WORDS = new Set(["reset", "nuovo", "rinnova", "new"]);

/**
 * `calendario [nuovo]`: the caller's personal feed URL, shown only to them. Asking again shows
 * the same link (its token is derived from the row that stands for it, and only its hash is
 * stored); `nuovo` revokes every earlier link and makes a new one, and says so. A link made
 * before links could be shown again (or under another data key) keeps working until `nuovo`;
 * the caller gets one that can be shown again.
 */
const feed = command({
  name: "feed",
  words: ["feed", "calendario"],
  usage: "usage.feed",
  parse(args) {
    if (args.length === 0) return { reset: false };
    const [word, ...rest] = args;
    return word !== undefined && rest.length === 0 && RESET_WORDS.has(word.toLowerCase())
      ? { reset: true }
      : usageError("feed");
  },
  async run(deps, req, { reset }) {
    const user = chatUserOf(req);
    // The feed is the person's, across their équipes: in a direct message any membership will do.
    const revoked = await asMember(
      deps,
      req,
      yours("feed", { anyEquipe: true }),
      async ({ repos, member, now, tell }) => {
        const live = await repos.feeds.live(user);
        const revoked = reset ? await repos.feeds.revokeAll(user, now) : 0;
        let shown = reset
          ? undefined
          : live.find((row) => row.tokenHash === deps.links.hashOf("feed", row.id));
        if (shown === undefined) {
          const id = newId();
          shown = { id, tokenHash: deps.links.hashOf("feed", id) };
          await repos.feeds.create(user, shown, now);
        }
        const key = revoked > 0 ? "feed.reset" : "feed.url";
        // Sealed: the queue never holds the token; the channel gets the URL as it sends. A link,
        // not text: a renderer may escape text, and a capability URL must stay exact.
        const url = deps.links.sealed("feed", shown.id);
        await tell.actor(req, ({ locale }) => textMessage(t(locale, key, { url: link(url, url) })), member);
        return revoked;
      },
    );
    deps.log("feed.shown", { reset, revoked });
  },
});

export const commands: readonly CommandDef[] = [feed];
