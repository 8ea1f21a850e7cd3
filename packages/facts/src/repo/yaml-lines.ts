import type * as Yaml from "yaml";
import { yamlLib } from "../lazy.js";
import { yamlPathKey, type YamlLines } from "./simple-yaml.js";

/** How many keys and entries are located in one document; beyond it a file is hostile, not large. */
const maxLocated = 100_000;

/** The deepest node whose children are located; `simpleYaml` declines deeper documents too. */
const maxWalkDepth = 64;

/**
 * The longest path that can have a line of its own: a key or entry under the deepest node (one
 * more to spare for the fast reader, which counts its nesting its own way).
 */
export const maxLocatedDepth = maxWalkDepth + 2;

/**
 * The lines of a document outside `simpleYaml`'s subset (anchors, multi-line scalars…), from the
 * `yaml` library's syntax tree: each key's and entry's source range, by the same paths.
 */
export function yamlLines(text: string): YamlLines {
  const { parseDocument, isMap, isSeq, isScalar } = yamlLib();
  const lines: YamlLines = new Map();
  const document = parseDocument(text, { uniqueKeys: false, strict: false });
  const starts = lineStarts(text);
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineOfOffset(starts, offset);
  const walk = (node: unknown, path: (string | number)[], depth: number): void => {
    if (depth > maxWalkDepth || lines.size > maxLocated) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key : undefined;
        if (key === undefined) continue;
        const step = String(key.value);
        const line = lineAt(key.range?.[0]);
        if (line !== undefined) lines.set(yamlPathKey([...path, step]), line);
        walk(pair.value, [...path, step], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, at) => {
        const line = lineAt((item as Yaml.Node | null)?.range?.[0]);
        if (line !== undefined) lines.set(yamlPathKey([...path, at]), line);
        walk(item, [...path, at], depth + 1);
      });
    }
  };
  walk(document.contents, [], 0);
  return lines;
}

/** The offsets at which the lines of `text` start. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

/** The 1-based line of an offset, by binary search over `lineStarts`. */
export function lineOfOffset(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
