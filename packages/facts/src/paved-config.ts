import type { ParseError } from "jsonc-parser";
import { jsonc } from "./lazy.js";

/** The file name of a repository's (or an organisation's) Paved settings. */
export const pavedConfigFile = "paved.config.json";

/**
 * Keys that reach an object's prototype when a JSON parser assigns them: `"__proto__"` inside a
 * waiver would give it an inherited `path` that validation sees and the merge drops (widening
 * the waiver to the whole repository). No setting has these names, so any of them is refused.
 */
const prototypeKeys = new Set(["__proto__", "constructor", "prototype"]);

/**
 * paved.config.json's text as a value (JSON with comments and trailing commas, BOM tolerated),
 * or the problem, naming the file and the line: the one reader of the file for the auditor
 * (`paved audit`) and the generators (`paved new`), which then validate their own sections.
 */
export function readPavedConfig(
  text: string,
  file: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const source = text.replace(/^\uFEFF/, "");
  let found: { key: string; line: number } | undefined;
  const { parse, printParseErrorCode, visit } = jsonc();
  visit(source, {
    onObjectProperty(property, _offset, _length, startLine) {
      if (found === undefined && prototypeKeys.has(property))
        found = { key: property, line: startLine + 1 };
    },
  });
  if (found)
    return {
      ok: false,
      problem: `${file}: "${found.key}" at line ${String(found.line)} is not a setting and could change how every setting is read; remove it`,
    };
  const errors: ParseError[] = [];
  const value: unknown = parse(source, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const line = source.slice(0, first.offset).split("\n").length;
    return {
      ok: false,
      problem: `${file}: invalid JSON at line ${String(line)} (${printParseErrorCode(first.error)})`,
    };
  }
  return { ok: true, value };
}
