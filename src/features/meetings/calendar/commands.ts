import { link, textMessage } from "../../../content/model.ts";
import { type CommandDef, command, usageError } from "../../../core/feature.ts";
import { asMember, chatUserOf, yours } from "../../../core/request.ts";
import { t } from "../../../i18n/catalogue.ts";
import { feedUrl, hashToken, newToken } from "./queries.ts";

const RESET_WORDS = new Set(["reset", "nuovo", "rinnova"]);

/**
 * `calendario [nuovo]`: a personal feed URL, shown only to the caller. Only the token's hash is
 * stored, so an existing link cannot be shown again: asking again issues a new link and revokes
 * the old one, which is also what `nuovo` does (the words differ, for clarity).
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
    await asMember(deps, req, yours("feed", { anyEquipe: true }), async ({ repos, member, now, tell }) => {
      const token = newToken();
      const hadOne = await repos.feeds.hasLive(user);
      await repos.feeds.replace(user, hashToken(token), now);
      const key = reset && hadOne ? "feed.reset" : "feed.url";
      // A link, not text: a renderer may escape text, and a capability URL must stay exact.
      const url = feedUrl(deps, token);
      await tell.actor(req, ({ locale }) => textMessage(t(locale, key, { url: link(url, url) })), member);
    });
    deps.log("feed.issued", { reset });
  },
});

export const commands: readonly CommandDef[] = [feed];
