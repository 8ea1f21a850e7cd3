import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from "yaml";
import { EditError } from "./error.js";

/** A text insertion or replacement at offsets of the original text. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies splices (offsets into `text`, not overlapping) from the last to the first: bytes
 * outside them stay exactly as they were, which the YAML library's printer would not promise.
 */
export function applySplices(text: string, splices: readonly Splice[]): string {
  let result = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start))
    result = result.slice(0, splice.start) + splice.text + result.slice(splice.end);
  return result;
}

/** The YAML Document, with each node's source range; an EditError naming the file otherwise. */
export function yamlDocument(text: string, file: string): Document.Parsed {
  const document = parseDocument(text, { uniqueKeys: false });
  const error = document.errors[0];
  if (error !== undefined) throw new EditError(`${file} is not valid YAML (${error.message}).`);
  return document;
}

/** Offset of the start of the line holding `offset`. */
export const lineStart = (text: string, offset: number): number =>
  text.lastIndexOf("\n", offset - 1) + 1;

/** Offset just past the end of the line holding `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  const next = text.indexOf("\n", offset);
  return next === -1 ? text.length : next;
}

/** The column a node starts at. */
export const columnOf = (text: string, offset: number): number => offset - lineStart(text, offset);

export const eolOf = (text: string): string => (text.includes("\r\n") ? "\r\n" : "\n");

/** A block map's pair for `key`. */
export function pairOf(node: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find(
    (pair): pair is Pair<Node, Node | null> => isScalar(pair.key) && pair.key.value === key,
  );
}

/** The pairs of a map's map-valued entries (`jobs:` → each job), with their names. */
export function entries(node: unknown): { name: string; pair: Pair<Node, Node | null> }[] {
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) =>
    isScalar(pair.key) && isMap(pair.value)
      ? [{ name: String(pair.key.value), pair: pair as Pair<Node, Node | null> }]
      : [],
  );
}

/** A parsed node's source span: where it starts, where its value ends. */
export function span(node: unknown): [number, number] {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  if (!range) throw new EditError("a YAML node has no source position; edit it by hand.");
  return [range[0], range[1]];
}

/** The start offset of a node, or of a pair's key. */
export function startOf(node: Node | null | undefined): number | undefined {
  return node ? span(node)[0] : undefined;
}

/**
 * A splice that adds `lines` as the first entries of a block map, at its own indentation: the
 * map's other entries, and their comments, are not touched.
 */
export function prependToMap(text: string, map: Node, lines: readonly string[]): Splice {
  if (!isMap(map) || map.flow === true || map.items.length === 0)
    throw new EditError("the mapping is empty or written inline ({ … }); edit it by hand.");
  const first = startOf(map.items[0]?.key as Node | undefined) ?? span(map)[0];
  const at = lineStart(text, first);
  const indent = " ".repeat(columnOf(text, first));
  const eol = eolOf(text);
  if (text.slice(at, first).trim() !== "")
    throw new EditError("the mapping starts on its parent's line; edit it by hand.");
  return { start: at, end: at, text: lines.map((line) => `${indent}${line}${eol}`).join("") };
}

/**
 * A splice that adds items at the end of a block sequence, each given as lines (the first one
 * after the dash), at the sequence's own indentation.
 */
export function appendToSeq(
  text: string,
  seq: Node,
  items: readonly (readonly string[])[],
): Splice {
  if (!isSeq(seq) || seq.flow === true || seq.items.length === 0)
    throw new EditError("the list is empty or written inline ([ … ]); edit it by hand.");
  const first = seq.items[0] as Node;
  const dash = lineStart(text, span(first)[0]);
  const indent = /^\s*/.exec(text.slice(dash, span(first)[0]))?.[0] ?? "";
  let end = span(seq.items.at(-1))[1];
  while (end > 0 && /\s/.test(text[end - 1] ?? "")) end -= 1;
  const at = lineEnd(text, end);
  const eol = eolOf(text);
  const lines = items.flatMap((item) =>
    item.map((line, i) => (i === 0 ? `${indent}- ${line}` : `${indent}  ${line}`)),
  );
  return { start: at, end: at, text: lines.map((line) => `${eol}${line}`).join("") };
}

/** A splice that adds `lines` as the last entries of a block map, at its own indentation. */
export function appendToMap(text: string, map: Node, lines: readonly string[]): Splice {
  if (!isMap(map) || map.flow === true || map.items.length === 0)
    throw new EditError("the mapping is empty or written inline ({ … }); edit it by hand.");
  const first = startOf(map.items[0]?.key as Node | undefined) ?? span(map)[0];
  const indent = " ".repeat(columnOf(text, first));
  let end = span(map)[1];
  while (end > 0 && /\s/.test(text[end - 1] ?? "")) end -= 1;
  const at = lineEnd(text, end);
  const eol = eolOf(text);
  return { start: at, end: at, text: lines.map((line) => `${eol}${indent}${line}`).join("") };
}
