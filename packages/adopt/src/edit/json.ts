import {
  applyEdits,
  findNodeAtLocation,
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
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}

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
 * Sets `path` to `value` with jsonc-parser's edit API: only the edited span changes, so
 * comments, key order, indentation, quotes and the final newline stay as they were.
 */
export function jsonSet(text: string, file: string, path: JSONPath, value: unknown): string {
  tree(text, file);
  const edits = modify(text, path, value, { formattingOptions: formattingOf(text) });
  return applyEdits(
    text,
    edits.flatMap((edit) => keepLineComment(text, edit)),
  );
}

/**
 * jsonc-parser rewrites the last entry's line to append after it, moving a comment on that
 * line (`"build": "tsc" // compiled`) behind the new entry: the comment goes back to the line
 * it was written for.
 */
function keepLineComment(text: string, edit: Edit): Edit[] {
  const old = text.slice(edit.offset, edit.offset + edit.length);
  const match = /^([^]*?)([ \t]*\/\/[^\n]*)$/.exec(old);
  const head = match?.[1];
  const comment = match?.[2];
  if (head === undefined || comment === undefined) return [edit];
  const trimmed = comment.trimStart();
  if (!edit.content.endsWith(trimmed)) return [edit];
  const added = edit.content.slice(0, -trimmed.length).trimEnd();
  if (!added.startsWith(`${head},`)) return [edit];
  return [{ ...edit, content: `${head},${comment}${added.slice(head.length + 1)}` }];
}

/** Sets `path` only where it has no value yet: what people wrote wins. */
export function jsonAdd(text: string, file: string, path: JSONPath, value: unknown): string {
  return jsonGet(text, file, path) === undefined ? jsonSet(text, file, path, value) : text;
}
