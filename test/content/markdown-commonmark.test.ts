import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { type DocBlock, markdownDocument } from "../../src/content/markdown.ts";
import { lineBreak, link, type Rich, strong, text } from "../../src/content/model.ts";

/** What people type that a Markdown renderer would otherwise take for markup, alone or at a line's start. */
const TYPED = [
  "*bold* _x_ **y**",
  "# not a heading",
  "    four spaces in",
  "1. first",
  "- item",
  "+ item",
  "> quote",
  "a | b\n--- | ---",
  "```\ncode\n```",
  "~~~",
  "<b>x</b> <!-- c --> <https://evil.example>",
  "&amp; &#65;",
  "[x](https://evil.example) [y]: https://evil.example",
  "***",
  "title\n===",
  "ends with a backslash \\",
  "trailing newline\n",
  "\\*already escaped\\*",
];

const md = new MarkdownIt({ html: true });

/** Top-level blocks with their text (line breaks as "\n"), and every inline or block element that is markup. */
function read(source: string) {
  const tokens = md.parse(source, {});
  const blocks: { tag: string; text: string }[] = [];
  const markup: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline") {
      let shown = "";
      for (const child of token.children ?? []) {
        if (child.type === "text") shown += child.content;
        else if (child.type === "softbreak" || child.type === "hardbreak") shown += "\n";
        else if (child.type === "strong_open" || child.type === "strong_close") shown += "";
        else markup.push(child.type);
      }
      const open = blocks.at(-1);
      if (open) open.text += shown;
    } else if (token.nesting === 1 && token.type !== "list_item_open") {
      if (["h1", "h2", "p"].includes(token.tag) || token.tag === "ul")
        blocks.push({ tag: token.tag, text: "" });
      else markup.push(token.type);
    } else if (token.nesting === 0 && token.type !== "inline") markup.push(token.type);
  }
  return { blocks: blocks.filter((b) => b.tag !== "ul"), markup, html: md.render(source) };
}

describe("the case file's Markdown in a standard renderer (markdown-it)", () => {
  it.each(TYPED)("shows %j as typed at a paragraph's start, in a list item and in a heading", (typed) => {
    const shown = typed.replace(/\n+$/, "").replace(/^\s+/, "");
    const doc: DocBlock[] = [
      { type: "heading", level: 2, content: [text(typed)] },
      { type: "paragraph", content: [text(typed)] },
      { type: "list", items: [[text(typed)], [strong("Anna"), text(": "), text(typed)]] },
    ];
    const { blocks, markup } = read(markdownDocument(doc));
    expect(markup).toEqual([]);
    expect(blocks.map((b) => b.tag)).toEqual(["h2", "p", "p", "p"]);
    // A heading is one line: its breaks read as spaces.
    expect(blocks[0]?.text).toBe(shown.replace(/\n/g, " ").replace(/\s+$/, ""));
    expect(blocks[1]?.text).toBe(shown);
    expect(blocks[2]?.text).toBe(shown);
    // Inside a line, white space is the person's own.
    expect(blocks[3]?.text).toBe(`Anna: ${typed.replace(/\n+$/, "")}`);
  });

  it("separates blocks with a blank line, so that paragraphs and lists never run together", () => {
    const source = markdownDocument([
      { type: "paragraph", content: [text("one")] },
      { type: "paragraph", content: [text("two")] },
      { type: "list", items: [[text("a")], { content: [text("b")], items: [[text("b1")]] }] },
      { type: "paragraph", content: [text("three")] },
    ]);
    expect(md.render(source)).toBe(
      "<p>one</p>\n<p>two</p>\n<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>b1</li>\n</ul>\n</li>\n</ul>\n<p>three</p>\n",
    );
  });

  it("keeps a line break inside a list item in that item", () => {
    const html = md.render(
      markdownDocument([{ type: "list", items: [[text("a"), lineBreak, text("- b")]] }]),
    );
    expect(html).toBe("<ul>\n<li>a<br>\n- b</li>\n</ul>\n");
  });

  it("makes strong text strong where it stands, and nothing of an empty one", () => {
    const cases: [Rich, string][] = [
      [[text("x"), strong("(a)"), text("y")], "<p>x(<strong>a</strong>)y</p>\n"],
      [[strong("Anna B."), text(": ok")], "<p><strong>Anna B.</strong>: ok</p>\n"],
      [[strong(" spaced "), text("x")], "<p><strong>spaced</strong> x</p>\n"],
      [[strong("*sì*"), text(" x")], "<p><strong>*sì*</strong> x</p>\n"],
      [[text("a"), strong(""), text("b")], "<p>ab</p>\n"],
    ];
    for (const [content, html] of cases)
      expect(md.render(markdownDocument([{ type: "paragraph", content }]))).toBe(html);
  });

  it("links only where the content has a link, whatever the runs around it", () => {
    const html = md.render(
      markdownDocument([
        {
          type: "paragraph",
          content: [text("[nota]"), text("(vedi)"), text(" "), link("https://equipe.example/p/x", "a ] b")],
        },
      ]),
    );
    expect(html).toBe('<p>[nota](vedi) <a href="https://equipe.example/p/x">a ] b</a></p>\n');
  });
});
