import { describe, expect, it } from "vitest";
import { renderHtml, renderMessageHtml } from "../../../adapters/web/render.ts";
import { link, type Message, text } from "../../../src/content/model.ts";
import { FORM_URL, hostileContent, hostileShown, htmlView, PAYLOADS } from "../../support/display.ts";

/** On a page nobody is notified: both mentions are the name, styled. */
const SHOWN = hostileShown({
  slack: "Elena Educatrice",
  teams: "Elena Educatrice",
  link: "il modulo",
  command: "/equipe aiuto",
});

describe("HTML for the web pages", () => {
  it("shows every payload literally, with only the intended link, bold and mentions", () => {
    const view = htmlView(renderHtml(hostileContent()));
    expect(view.text).toBe(SHOWN);
    for (const payload of PAYLOADS) expect(view.text).toContain(payload);
    expect(view.formatted).toBe(true);
    expect(view.emphasised).toEqual(["urgente"]);
    expect(view.links).toEqual([{ label: "il modulo", url: FORM_URL }]);
    expect(view.mentions).toEqual(["Elena Educatrice", "Elena Educatrice"]);
    expect(view.code).toEqual(["/equipe aiuto"]);
  });

  it("links only to http and https, with the address escaped", () => {
    const html = renderHtml([
      link("javascript:alert(1)", "apri"),
      text(" "),
      link('https://equipe.example/a?x="><script>', "ok"),
    ]);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain('href="javascript');
    const view = htmlView(html);
    expect(view.text).toBe("apri (javascript:alert(1)) ok");
    expect(view.links).toEqual([{ label: "ok", url: "https://equipe.example/a?x=%22%3E%3Cscript%3E" }]);
    expect(view.formatted).toBe(false);
  });

  it("renders each kind of block, buttons carrying their action and value", () => {
    const message: Message = {
      blocks: [
        { type: "text", content: [text("<b>ciao</b>")] },
        { type: "note", content: [text("nota & <i>")] },
        { type: "preformatted", text: "# Decisione\n<script>x</script>" },
        { type: "divider" },
        { type: "link", label: "Calendario", url: "https://equipe.example/c.ics" },
        {
          type: "actions",
          buttons: [
            { action: "poll:yes", value: "m1:s1", label: '"><script>', style: "primary", selected: true },
          ],
        },
      ],
      attachments: [],
    };
    const html = renderMessageHtml(message);
    expect(html).not.toMatch(/style=|<script|on\w+=/);
    const view = htmlView(html);
    expect(view.text).toBe("<b>ciao</b>\nnota & <i>\n# Decisione\n<script>x</script>\nCalendario");
    expect(view.formatted).toBe(false);
    expect(view.links).toEqual([{ label: "Calendario", url: "https://equipe.example/c.ics" }]);
    expect(view.buttons).toEqual([{ label: '✓ "><script>', actionId: "poll", value: "yes:m1:s1" }]);
    expect(html).toContain('value="poll:yes:m1:s1"');
  });
});

describe("the HTML decoder", () => {
  it("catches tags, scripts and links that were not escaped", () => {
    const view = htmlView(
      '<script>alert(1)</script><a href="https://evil.example">x</a><img src=x onerror=y>',
    );
    expect(view.formatted).toBe(true);
    expect(view.links).toEqual([{ label: "x", url: "https://evil.example" }]);
    expect(view.text).toBe("alert(1)x");
  });
});
