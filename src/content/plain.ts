import {
  type Block,
  type Inline,
  type Message,
  NEUTRAL_PERSON_EXAMPLE,
  type Rich,
  withPersonExample,
} from "./model.ts";

export interface PlainOptions {
  /** How a command example reads on this channel (default `/equipe <text>`). */
  command?: (text: string) => string;
  /** How a person is mentioned in an example on this channel (default `@Maria Rossi`). */
  person?: string;
}

const slashCommand = (text: string) => (text === "" ? "/equipe" : `/equipe ${text}`);

/**
 * Content as plain text: e-mail bodies, notification lines, form labels and hints, card
 * summaries. Plain text has no syntax, so nothing needs escaping; a link shows its address,
 * never only a label (a reader must see where it goes).
 */
export function plainText(content: Rich, options: PlainOptions = {}): string {
  const command = options.command ?? slashCommand;
  const person = options.person ?? NEUTRAL_PERSON_EXAMPLE;
  return content.map((run) => plainRun(run, command, person)).join("");
}

function plainRun(run: Inline, command: (text: string) => string, person: string): string {
  switch (run.type) {
    case "text":
      return run.text;
    case "code":
      return withPersonExample(run.text, person);
    case "command":
      return command(withPersonExample(run.text, person));
    case "mention":
      return run.name;
    case "link":
      return `${run.label}: ${run.url}`;
    case "break":
      return "\n";
  }
}

function plainBlock(block: Block, options: PlainOptions): string | undefined {
  switch (block.type) {
    case "text":
    case "note":
      return plainText(block.content, options);
    case "link":
      return `${block.label}: ${block.url}`;
    case "preformatted":
      return block.text;
    case "divider":
      return "—";
    case "actions":
      // Buttons need a channel that can take a click; plain text has none.
      return undefined;
  }
}

/** A whole message as plain text, one paragraph per block. */
export function plainMessage(message: Message, options: PlainOptions = {}): string {
  return message.blocks
    .map((block) => plainBlock(block, options))
    .filter((part): part is string => part !== undefined && part !== "")
    .join("\n\n");
}

/** One line, cut to `max` characters (e-mail subjects, notification lines). */
export function plainLine(content: Rich, max: number, options: PlainOptions = {}): string {
  const line = plainText(content, options).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
