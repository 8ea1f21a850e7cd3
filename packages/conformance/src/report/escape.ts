/*
 * Text that came from an audited repository (a path, a script, a waiver's reason, a config key)
 * is shown to people on a terminal and in pull-request comments. These two helpers are the only
 * way such text is printed: one for terminals, one for Markdown.
 */

/**
 * C0 controls but line breaks (ESC starts colour, clear-screen and clipboard sequences), DEL, C1
 * (CSI is one character there), bidi embeddings, overrides, isolates and marks (they reorder
 * what is shown, as in "Trojan Source"), and the Unicode line and paragraph separators.
 */
const unsafe =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu;

/**
 * One line of repository text for a terminal: each unsafe character becomes a visible `\uXXXX`
 * escape and a line break a `↵`, so a repository cannot clear the screen, set the clipboard,
 * reorder a line or print a fake line of the report.
 */
export function terminalText(text: string): string {
  return text
    .replace(/\r?\n/g, " ↵ ")
    .replace(unsafe, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** ASCII characters Markdown reads as syntax anywhere: emphasis, links, HTML, code, tables, math. */
const markdownSyntax = /[\\`*_{}[\]()<>#!|~&$]/g;
/** The `.` of `www.` and the `:` of `https://`: GitHub turns bare addresses into links. */
const autolink = /(?<=www)\.|:(?=\/\/)/gi;
/** What starts a list, a heading or a quote at the start of a list item or a cell. */
const blockStart = /^([-+=]|\d+(?=[.)]))/;

/**
 * Repository text as literal Markdown inline text (a table cell, a list item): syntax characters
 * are backslash-escaped, so `<img>`, `[link](javascript:…)` and a backtick stay text, an `@` is
 * followed by a zero-width space so `@team` is not a mention that notifies anyone, and a bare
 * `www.` or `https://` is not made a link.
 */
export function markdownText(text: string): string {
  return (
    terminalText(text)
      .replace(markdownSyntax, (char) => `\\${char}`)
      .replace(autolink, (char) => `\\${char}`)
      .replace(blockStart, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`))
      // Leading spaces as references: they would make the text an indented code block or put a
      // list marker after them back at the start of a block.
      .replace(/^ +/, (spaces) => "&#32;".repeat(spaces.length))
      .replace(/@/g, "@&#8203;")
      // Unicode spaces as references: some parsers end a list item or a cell at one.
      .replace(/[^\S ]/gu, (char) => `&#${String(char.codePointAt(0))};`)
  );
}

/**
 * Repository text shown as code (a path): a `<code>` element whose every character but letters,
 * digits and a few harmless ones is a character reference. Unlike a backtick code span nothing
 * inside can close it, a `|` cannot end a table cell, and no `www.`, `://` or `@` becomes a link.
 */
export function markdownCode(text: string): string {
  const escaped = terminalText(text)
    .replace(/[^\p{L}\p{N} ./:,-]/gu, (char) => `&#${String(char.codePointAt(0))};`)
    .replace(autolink, (char) => `&#${String(char.codePointAt(0))};`);
  return `<code>${escaped}</code>`;
}

/**
 * Repository text in a SARIF plain-text message, where `[text](target)` is an embedded link
 * (SARIF 2.1.0 §3.11.6) that viewers such as GitHub code scanning make clickable: brackets are
 * escaped, and so is a backslash before one.
 */
export function sarifText(text: string): string {
  return text.replace(/\\(?=[[\]])/g, "\\\\").replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}
