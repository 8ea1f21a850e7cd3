import {
  applyEdits,
  findNodeAtLocation,
  format,
  modify,
  parseTree,
  printParseErrorCode,
  type Edit,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from "jsonc-parser";
import { EditError } from "./error.js";

/** The file's own indentation and line ends, so that inserted text looks like the rest. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  const tabs = indent.startsWith("\t");
  return {
    insertSpaces: !tabs,
    tabSize: tabs ? 1 : indent.length,
    eol: eolOf(text),
  };
}

const eolOf = (text: string): string => (text.includes("\r\n") ? "\r\n" : "\n");

/** The syntax tree of a JSON or JSONC file; an EditError naming the file when it is not one. */
function tree(text: string, file: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first !== undefined || root === undefined)
    throw new EditError(
      `${file} is not valid JSON${first ? ` (${printParseErrorCode(first.error)} at offset ${String(first.offset)})` : ""}; fix it by hand first.`,
    );
  if (root.type !== "object") throw new EditError(`${file} does not hold a JSON object.`);
  return root;
}

/** The value at `path`, or undefined when there is none. */
export function jsonGet(text: string, file: string, path: JSONPath): Node | undefined {
  return findNodeAtLocation(tree(text, file), path);
}

/**
 * Sets `path` to `value` with jsonc-parser's edit API: the smallest edit, then formatted in
 * the file's own style within the inserted text only, so that comments, key order,
 * indentation, inline arrays, quotes and the final newline outside it stay as they were.
 */
export function jsonSet(text: string, file: string, path: JSONPath, value: unknown): string {
  tree(text, file);
  const options = formattingOf(text);
  let result = text;
  const edits = modify(text, path, value, {}).sort((a, b) => b.offset - a.offset);
  for (const edit of edits) {
    for (const part of keepLineComment(result, edit).reverse()) {
      result = applyEdits(result, [part]);
      if (part.content.length > 1) {
        const range = { offset: part.offset, length: part.content.length };
        result = applyEdits(result, format(result, range, options));
      }
    }
  }
  return result;
}

/**
 * An entry appended after the last one, whose line ends in a comment
 * (`"build": "tsc" // compiled`): the comma goes before the comment and the entry after it, so
 * that the comment stays with the line it was written for.
 */
function keepLineComment(text: string, edit: Edit): Edit[] {
  if (edit.length !== 0 || !edit.content.startsWith(",")) return [edit];
  const newline = text.indexOf("\n", edit.offset);
  const end = newline === -1 ? text.length : newline;
  const rest = text.slice(edit.offset, end).replace(/\r$/, "");
  if (!/^\s*\/\/.*$/.test(rest)) return [edit];
  return [
    { offset: edit.offset, length: 0, content: "," },
    // Its own line: the formatter indents it within the inserted range.
    {
      offset: edit.offset + rest.length,
      length: 0,
      content: `${eolOf(text)}${edit.content.slice(1)}`,
    },
  ];
}

/** Sets `path` only where it has no value yet: what people wrote wins. */
export function jsonAdd(text: string, file: string, path: JSONPath, value: unknown): string {
  return jsonGet(text, file, path) === undefined ? jsonSet(text, file, path, value) : text;
}
