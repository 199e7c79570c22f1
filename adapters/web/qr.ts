import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { renderSVG } from "uqr";
import type { Locale } from "../../src/i18n/locale.ts";
import { escapeHtml } from "./render.ts";

const CSS = readFileSync(new URL("./assets/qr.css", import.meta.url));

/** The QR page's own rules, on top of the pages' stylesheet; named by its content's hash, as that one is. */
export const QR_STYLESHEET = {
  name: `${createHash("sha256").update(CSS).digest("base64url").slice(0, 16)}.css`,
  body: CSS,
} as const;

/**
 * Error correction M (15% of the code may be lost): a printed sheet gets folded, smudged and
 * photographed at an angle; the link still fits a small code.
 */
const QR_ECC = "M";
/** The quiet zone the QR standard asks for around the code, in modules: scanners need it on paper. */
const QR_BORDER = 4;

/**
 * The words of the QR page, Italian and English. It is read by the coordinator who opens it and
 * by the member the sheet is handed to: the instructions speak to the member, in plain words.
 * The title names neither the member nor the case (a browser's history is seen by others).
 */
const it = {
  title: "Équipe — codice QR",
  brand: "Équipe",
  "lang.switch": "English",
  heading: "La pagina personale di {name}",
  headingUnnamed: "La tua pagina personale",
  scan: "Inquadra il codice con la fotocamera del telefono: si apre la tua pagina personale.",
  image: "Codice QR del link alla pagina personale",
  orType: "Oppure scrivi questo indirizzo nel browser:",
  personal:
    "Il link è personale: chi lo ha può rispondere a nome tuo. Non darlo ad altri. Se lo perdi o pensi che lo abbia qualcun altro, chiedi a chi coordina l'équipe di revocarlo o di fartene uno nuovo: questo smetterà di funzionare.",
  print: "Per stamparlo, usa «Stampa» nel menu del browser: il foglio avrà solo il codice e queste righe.",
  expires:
    "Questa pagina si apre solo per poco tempo; il codice invece funziona finché il link non viene cambiato.",
} as const;

type QrWord = keyof typeof it;

const en: Record<QrWord, string> = {
  title: "Équipe — QR code",
  brand: "Équipe",
  "lang.switch": "Italiano",
  heading: "The personal page of {name}",
  headingUnnamed: "Your personal page",
  scan: "Scan the code with your phone's camera: your personal page opens.",
  image: "QR code of the personal page link",
  orType: "Or type this address into the browser:",
  personal:
    "The link is personal: whoever has it can answer in your name. Do not give it to anyone. If you lose it or think someone else has it, ask the équipe's coordinator to revoke it or to make you a new one: this one will then stop working.",
  print: "To print it, use “Print” in the browser's menu: the sheet will have only the code and these lines.",
  expires: "This page opens for a short time only; the code itself works until the link is changed.",
};

/** Both languages' words, for the test that each has every key and the same placeholders. */
export const QR_WORDS: Record<Locale, Record<QrWord, string>> = { it, en };

/** A line as HTML: escaped, `{name}` filled with escaped text, `` `code` `` spans as `<code>`. */
function say(locale: Locale, key: QrWord, params: Record<string, string> = {}): string {
  return QR_WORDS[locale][key]
    .split(/(`[^`]*`)/)
    .map((part) => {
      if (/^`[^`]*`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return part
        .split(/(\{\w+\})/)
        .map((piece) => {
          const name = /^\{(\w+)\}$/.exec(piece)?.[1];
          const value = name === undefined ? undefined : params[name];
          return escapeHtml(value ?? piece);
        })
        .join("");
    })
    .join("");
}

/** What the QR page needs: the reader's language, the member's name, their link, and where things are. */
export interface QrPageView {
  locale: Locale;
  /** The member's name as the équipe has it; undefined when it has none. */
  name: string | undefined;
  /** The member's personal page link, exactly as the code holds it. */
  link: string;
  stylesheets: readonly string[];
  /** This same page in the other language. */
  otherLanguage: string;
}

/**
 * The QR code as inline SVG: drawn with presentation attributes only (the Content-Security-Policy
 * forbids inline style), named for screen readers, scaled by the stylesheet.
 */
export function qrSvg(link: string, label: string): string {
  const svg = renderSVG(link, { ecc: QR_ECC, border: QR_BORDER });
  return svg.replace(
    /^<svg /,
    `<svg class="qr-code" role="img" aria-label="${escapeHtml(label)}" focusable="false" shape-rendering="crispEdges" `,
  );
}

/**
 * The printable page of a member's link as a QR code: whose page it opens, how to scan it, the
 * code, the address as text to type (not a link: the coordinator must not open the member's page
 * as the member), that it is personal and how it is revoked, and how to print it.
 */
export function qrPageHtml(view: QrPageView): string {
  const { locale } = view;
  const other: Locale = locale === "it" ? "en" : "it";
  const heading =
    view.name === undefined ? say(locale, "headingUnnamed") : say(locale, "heading", { name: view.name });
  const styles = view.stylesheets
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(QR_WORDS[locale].title)}</title>
${styles}
</head>
<body>
<header class="header"><span class="brand">${say(locale, "brand")}</span> <a href="${escapeHtml(view.otherLanguage)}" hreflang="${other}" lang="${other}">${say(locale, "lang.switch")}</a></header>
<main id="main">
<h1>${heading}</h1>
<p>${say(locale, "scan")}</p>
${qrSvg(view.link, QR_WORDS[locale].image)}
<p>${say(locale, "orType")}</p>
<p class="qr-link">${escapeHtml(view.link)}</p>
<p>${say(locale, "personal")}</p>
<p class="qr-screen">${say(locale, "print")}</p>
<p class="qr-screen">${say(locale, "expires")}</p>
</main>
</body>
</html>
`;
}
