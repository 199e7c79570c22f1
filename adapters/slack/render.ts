import type { types } from "@slack/bolt";
import type { Block, MessageModel } from "../../src/domain/message.ts";

/** Block Kit caps a section's text at 3000 characters; we split longer text across sections. */
const SECTION_TEXT_LIMIT = 3000;
/** Block Kit caps a message at 50 blocks. */
const MAX_BLOCKS = 50;

type SlackBlock = types.KnownBlock;

function splitText(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > SECTION_TEXT_LIMIT) {
    const cut = rest.lastIndexOf("\n", SECTION_TEXT_LIMIT);
    const at = cut > 0 ? cut : SECTION_TEXT_LIMIT;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  parts.push(rest);
  return parts;
}

/** A neutral `<@U…|name>` mention: Slack shows the person's current name from the bare id. */
const NAMED_MENTION = /<@([^|>\s]+)\|[^>]*>/g;

/** Our neutral text uses Slack's own mrkdwn subset and `<@U…>` mentions, so it nearly passes through. */
export function renderText(text: string): string {
  return text.replace(NAMED_MENTION, "<@$1>");
}

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case "text":
      return splitText(renderText(block.text)).map((text) => ({
        type: "section",
        text: { type: "mrkdwn", text },
      }));
    case "context":
      return [
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: renderText(block.text).slice(0, SECTION_TEXT_LIMIT) }],
        },
      ];
    case "divider":
      return [{ type: "divider" }];
    case "link":
      // A mrkdwn link rather than a URL button: a button would also post an interaction to us.
      return [{ type: "section", text: { type: "mrkdwn", text: `<${block.url}|${block.label}>` } }];
    case "actions":
      return [
        {
          type: "actions",
          elements: block.buttons.map(
            (button): types.Button => ({
              type: "button",
              action_id: button.actionId,
              value: button.value,
              text: {
                type: "plain_text",
                text: button.selected ? `✓ ${button.label}` : button.label,
                emoji: true,
              },
              ...(button.style !== "default" ? { style: button.style } : {}),
            }),
          ),
        },
      ];
  }
}

export function renderBlocks(message: MessageModel): SlackBlock[] {
  return message.blocks.flatMap(renderBlock).slice(0, MAX_BLOCKS);
}
