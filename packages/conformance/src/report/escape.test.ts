import fc from "fast-check";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { markdownCode, markdownText, sarifText, terminalText } from "./escape.js";

/** Characters that mean something to a terminal or to Markdown, and some that mean nothing. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ..."\u001b \u009b \u0007 \u0000 \r \n \t \u202e \u2066 \u200f \u2028 \u061c".split(" "),
      ..."< > [ ] ( ) ! ` * _ ~ | \\ & # @ : . / - + = $ \" '".split(" "),
      " ",
      "www.",
      "https://",
      "javascript:",
      "&amp;",
    ),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }),
  ),
  maxLength: 40,
});

const unsafe =
  // eslint-disable-next-line no-control-regex -- what must never reach a terminal
  /[\u0000-\u0009\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** The text of marked's HTML: its character references decoded. */
const decode = (html: string): string =>
  html.replace(/&(amp|lt|gt|quot|#39|#(\d+));/g, (_, name: string, code?: string) =>
    code !== undefined
      ? String.fromCodePoint(Number(code))
      : ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" }[name] ?? ""),
  );

describe("terminalText", () => {
  it("lets no control, C1, bidi or line-separator character through", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(terminalText(text)).not.toMatch(unsafe);
      }),
    );
  });

  it("leaves text without such characters as it is", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        fc.pre(!unsafe.test(text));
        expect(terminalText(text)).toBe(text);
      }),
    );
  });

  it("shows ESC, CSI and a right-to-left override as escapes, a line break as ↵", () => {
    expect(terminalText("a\u001b[2Jb\u009bc\u202ed\ne")).toBe("a\\u001b[2Jb\\u009bc\\u202ed ↵ e");
  });
});

describe("markdownText", () => {
  it("is plain text to a Markdown parser: no element, the same text (an @ gets a zero-width space)", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = marked.parseInline(markdownText(text), { gfm: true }) as string;
        expect(html).not.toContain("<");
        expect(decode(html)).toBe(terminalText(text).replace(/@/g, "@\u200b"));
      }),
    );
  });

  it("stays one list item and one table cell", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        // An empty item is not a list item at all; the reports print no empty text.
        fc.pre(markdownText(text).trim() !== "");
        const item = marked.parse(`- ${markdownText(text)}\n`, { gfm: true });
        expect(item).toMatch(/^<ul>\n<li>[^<]*<\/li>\n<\/ul>\n$/);
        const [table] = marked.lexer(`| a | b |\n| --- | --- |\n| x | ${markdownText(text)} |\n`, {
          gfm: true,
        });
        expect(table?.type).toBe("table");
        expect((table as { rows: unknown[][] }).rows[0]).toHaveLength(2);
      }),
    );
  });

  it("keeps an image, a javascript: link, a mention and a backtick as text", () => {
    const text = "<img src=x onerror=alert(1)> [Approve](javascript:alert(1)) @acme/admins `x";
    const html = marked.parseInline(markdownText(text), { gfm: true }) as string;
    expect(html).not.toMatch(/<img|<a |<code/);
    expect(decode(html)).toContain("@\u200bacme/admins");
  });
});

describe("markdownCode", () => {
  it("is one code element a Markdown parser passes through, its text intact", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const code = markdownCode(text);
        expect(marked.parseInline(code, { gfm: true })).toBe(code);
        expect(code.slice("<code>".length, -"</code>".length)).not.toMatch(
          /[<>`|\\@]|:\/\/|www\./i,
        );
        expect(decode(code.slice("<code>".length, -"</code>".length))).toBe(terminalText(text));
      }),
    );
  });
});

describe("sarifText", () => {
  /** How a SARIF viewer reads plain text: `\[` and `\]` are literal brackets, `\\` before one a backslash. */
  const unescape = (text: string): string => text.replace(/\\(\\(?=\\?[[\]])|[[\]])/g, "$1");

  it("leaves no bracket that could open an embedded link, and reads back as the text", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const escaped = sarifText(text);
        expect(escaped.replace(/\\[\\[\]]/g, "")).not.toMatch(/[[\]]/);
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });

  it("keeps [Approve](javascript:…) from being a link", () => {
    expect(sarifText("[Approve](javascript:x) a\\[b")).toBe(
      "\\[Approve\\](javascript:x) a\\\\\\[b",
    );
  });
});
