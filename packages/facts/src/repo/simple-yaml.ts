/**
 * A fast path for the YAML that CI pipelines and tool configs are written in: block mappings
 * and sequences, plain and quoted one-line scalars, one-line flow collections, literal and
 * folded block scalars, comments. It returns what js-yaml's `load` (YAML 1.2, core schema)
 * returns for the same text, or `undefined` for anything outside that subset (anchors,
 * aliases, tags, multi-line plain or quoted scalars, multi-line flow collections, duplicate
 * keys, non-string keys, tabs, several documents, invalid YAML...), which the caller then
 * hands to js-yaml. It never guesses: where YAML is subtle it declines. A differential test
 * holds it to js-yaml on the project's fixtures and on generated and mutated documents.
 *
 * Why: a cold process spends about 20 ms in js-yaml (load and first parse) on a repository's
 * fifteen workflows, a sixth of an audit; this line-based reader does the same in a few ms,
 * because most of its work is done by native string functions.
 */

/** Thrown inside the parser when the text leaves the subset; never escapes `simpleYaml`. */
class Outside extends Error {}

const outside = (): never => {
  throw new Outside();
};

/**
 * Characters js-yaml rejects or treats specially, and line separators other than LF/CRLF:
 * their presence (or a lone surrogate) sends the text to js-yaml.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const unusual = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

const nonSpace = /[^ ]/;

/*
 * YAML's white space is the space and the tab (and tabs leave the subset): JavaScript's trim
 * would also take no-break and other Unicode spaces, which YAML keeps as content.
 */
const trimStart = (text: string): string => text.replace(/^ +/, "");
const trimEnd = (text: string): string => text.replace(/ +$/, "");

/** The maximum nesting the fast path follows (js-yaml allows 100). */
const maxDepth = 64;

/**
 * The 1-based line of each block mapping key and block sequence entry, by its path from the
 * document's root (`yamlPathKey`); values inside one-line flow collections have none of their own.
 */
export type YamlLines = Map<string, number>;

/** The key of a path (`["jobs", "build", "steps", 2]`) in a `YamlLines` map. */
export const yamlPathKey = (path: readonly (string | number)[]): string => path.join("\0");

/**
 * The parsed value, or `undefined` when the text is outside the subset this reader handles.
 * With `lines`, the line of every key and entry read is recorded there too (the positions CI
 * findings point at); the map is left partly filled when the text turns out to be outside.
 */
export function simpleYaml(text: string, lines?: YamlLines): unknown {
  if (unusual.test(text) || !text.isWellFormed()) return undefined;
  try {
    return new Reader(text, lines).document();
  } catch (error) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
}

class Reader {
  /** Each line's text after its indentation (line breaks removed). */
  private readonly texts: string[];
  /** Each line's indentation in spaces, or -1 for a blank or comment-only line. */
  private readonly indents: number[];
  /** Each line's leading spaces, blank and comment lines included (block scalars need them). */
  private readonly widths: number[];
  private readonly endsWithBreak: boolean;
  /** The line being read. */
  private pos = 0;
  private depth = 0;
  /** The `yamlPathKey` of each node on the way to the one being read, for `located`. */
  private readonly path: string[] = [];

  constructor(
    text: string,
    private readonly located?: YamlLines,
  ) {
    const lines = text.split("\n");
    this.endsWithBreak = text.endsWith("\n");
    if (this.endsWithBreak) lines.pop();
    this.texts = [];
    this.indents = [];
    this.widths = [];
    const crlf = text.includes("\r");
    for (let raw of lines) {
      if (crlf) {
        if (raw.endsWith("\r")) raw = raw.slice(0, -1);
        if (raw.includes("\r")) outside();
      }
      // Native searches rather than a loop per character: this runs cold, once per process.
      const indent = raw.search(nonSpace);
      if (indent === -1) {
        this.texts.push("");
        this.widths.push(raw.length);
        this.indents.push(-1);
        continue;
      }
      const rest = indent === 0 ? raw : raw.slice(indent);
      this.texts.push(rest);
      this.widths.push(indent);
      this.indents.push(rest.startsWith("#") ? -1 : indent);
    }
  }

  document(): unknown {
    let first = this.content(true);
    if (first === -1) outside(); // js-yaml: "expected a document"
    const opening = this.texts[first] ?? "";
    if (this.indents[first] === 0 && /^---(?:\s|$)/.test(opening)) {
      if (opening !== "---" && !/^--- +#/.test(opening)) outside();
      this.pos = first + 1;
      first = this.content();
      if (first === -1) outside();
    }
    const root = this.block(this.indents[first] ?? 0);
    if (this.content() !== -1) outside();
    return root;
  }

  /**
   * The index of the next line with content from `pos` (blank and comment lines skipped), or
   * -1 at the end. Document markers, directives and tabs outside block scalars leave the subset.
   */
  private content(opening = false): number {
    for (let i = this.pos; i < this.texts.length; i += 1) {
      const text = this.texts[i] ?? "";
      const indent = this.indents[i] ?? -1;
      if (indent === -1) continue;
      if (text.includes("\t")) outside();
      if (indent === 0 && text.startsWith("%")) outside();
      if (indent === 0 && !opening && /^(?:---|\.\.\.)(?:\s|$)/.test(text)) outside();
      this.pos = i;
      return i;
    }
    this.pos = this.texts.length;
    return -1;
  }

  /** The block node whose first line is the current line, at indentation `indent`. */
  private block(indent: number): unknown {
    this.depth += 1;
    if (this.depth > maxDepth) outside();
    const text = this.texts[this.pos] ?? "";
    const value = isSequenceEntry(text)
      ? this.sequence(indent)
      : key(text) !== undefined
        ? this.mapping(indent)
        : outside();
    this.depth -= 1;
    return value;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    let line = this.content();
    while (
      line !== -1 &&
      this.indents[line] === indent &&
      isSequenceEntry(this.texts[line] ?? "")
    ) {
      const text = this.texts[line] ?? "";
      const after = text.slice(1);
      const value = trimStart(after);
      const column = indent + 1 + (after.length - value.length);
      this.enter(items.length, line);
      if (value === "" || value.startsWith("#")) {
        items.push(this.nested(line, indent, false));
      } else if (isSequenceEntry(value) || key(value) !== undefined) {
        // `- - x` or `- key: value`: a collection that starts on the entry's line.
        this.indents[line] = column;
        this.texts[line] = value;
        items.push(this.block(column));
      } else {
        items.push(this.inline(value, indent));
      }
      this.leave();
      line = this.content();
    }
    if (line !== -1 && (this.indents[line] ?? 0) > indent) outside();
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let line = this.content();
    while (line !== -1 && this.indents[line] === indent) {
      const entry = key(this.texts[line] ?? "") ?? outside();
      if (Object.hasOwn(map, entry.key)) outside();
      const value = trimStart(entry.rest);
      this.enter(entry.key, line);
      map[entry.key] =
        value === "" || value.startsWith("#")
          ? this.nested(line, indent, true)
          : this.inline(value, indent);
      this.leave();
      line = this.content();
    }
    if (line !== -1 && (this.indents[line] ?? 0) > indent) outside();
    return map;
  }

  /** Steps into a key or entry that starts on (0-based) `line`, recording where it is. */
  private enter(step: string | number, line: number): void {
    if (this.located === undefined) return;
    // Each key extends its parent's: no join of the whole path per entry.
    const parent = this.path.at(-1);
    const key = parent === undefined ? String(step) : `${parent}\0${String(step)}`;
    this.path.push(key);
    this.located.set(key, line + 1);
  }

  /** Steps out of the key or entry `enter` stepped into. */
  private leave(): void {
    if (this.located !== undefined) this.path.pop();
  }

  /**
   * The value of an entry whose line ends after its indicator: a block node on the lines below,
   * a sequence at the mapping's own indentation (YAML allows `key:` then `- item`), or null.
   */
  private nested(line: number, indent: number, inMapping: boolean): unknown {
    this.pos = line + 1;
    const next = this.content();
    if (next === -1) return null;
    const nextIndent = this.indents[next] ?? 0;
    const text = this.texts[next] ?? "";
    // A flow collection on the lines below the key, as Prettier writes long ones.
    if (nextIndent > indent && (text.startsWith("[") || text.startsWith("{"))) {
      return this.inline(text, indent);
    }
    if (nextIndent > indent) return this.block(nextIndent);
    if (inMapping && nextIndent === indent && isSequenceEntry(this.texts[next] ?? "")) {
      return this.sequence(indent);
    }
    return null;
  }

  /**
   * A value that starts on the entry's own line, `value` being the text after the indicator.
   * `owner` is the indentation of the collection the entry belongs to.
   */
  private inline(value: string, owner: number): unknown {
    const first = value.charAt(0);
    if (first === "|" || first === ">") return this.blockScalar(value, owner);
    let result: unknown;
    let end: number;
    if (first === "[" || first === "{") {
      const flow = new Flow(value, this.depth, () => this.flowLine(owner));
      result = flow.node();
      value = flow.text;
      end = flow.i;
    } else if (first === '"' || first === "'") {
      [result, end] = quoted(value, 0);
    } else {
      result = plain(value);
      end = value.length;
    }
    if (!isTrailer(value, end)) outside();
    this.pos += 1;
    // A more indented line below would continue the scalar (or be an error): not ours.
    const next = this.content();
    if (next !== -1 && (this.indents[next] ?? 0) > owner) outside();
    return result;
  }

  /**
   * The next line of a flow collection that goes on below its first line, or undefined at the
   * end. Its content must be indented more than the collection's owner (YAML's rule).
   */
  private flowLine(owner: number): string | undefined {
    if (this.pos + 1 >= this.texts.length) return undefined;
    this.pos += 1;
    const text = this.texts[this.pos] ?? "";
    const indent = this.indents[this.pos] ?? -1;
    if (text.includes("\t") || (indent !== -1 && indent <= owner)) outside();
    return text;
  }

  /** `|` or `>` with an optional chomping indicator, then the lines indented below it. */
  private blockScalar(header: string, owner: number): string {
    const match = /^([|>])([+-]?)(?: +#.*| *)$/.exec(header) ?? outside();
    const folded = match[1] === ">";
    const chomping = match[2];
    const lines: string[] = [];
    let contentIndent = -1;
    let leadingBlank = 0;
    let leadingWidth = 0;
    let i = this.pos + 1;
    for (; i < this.texts.length; i += 1) {
      const text = this.texts[i] ?? "";
      // Indentation as written: a comment-looking line inside a block scalar is content.
      const indent = this.widths[i] ?? 0;
      if (text === "") {
        if (contentIndent === -1) {
          leadingBlank += 1;
          leadingWidth = Math.max(leadingWidth, indent);
        } else {
          // A line of spaces only, longer than the indentation, is content: YAML is subtle here.
          if (indent > contentIndent) outside();
          lines.push("");
        }
        continue;
      }
      if (contentIndent === -1) {
        if (indent <= owner) outside(); // an empty block scalar
        if (leadingWidth > indent) outside();
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      const line = " ".repeat(indent - contentIndent) + text;
      if (folded && (line.startsWith(" ") || line.startsWith("\t"))) outside();
      lines.push(line);
    }
    if (contentIndent === -1) outside();
    if (i === this.texts.length && !this.endsWithBreak) outside();
    if (folded && leadingBlank > 0) outside();
    let trailing = 0;
    while (lines.length > 0 && lines.at(-1) === "") {
      lines.pop();
      trailing += 1;
    }
    let body = "\n".repeat(leadingBlank);
    if (folded) {
      let blanks = 0;
      let started = false;
      for (const line of lines) {
        if (line === "") {
          blanks += 1;
          continue;
        }
        if (started) body += blanks === 0 ? " " : "\n".repeat(blanks);
        body += line;
        blanks = 0;
        started = true;
      }
    } else {
      body += lines.join("\n");
    }
    this.pos = i;
    if (chomping === "-") return body;
    if (chomping === "+") return `${body}\n${"\n".repeat(trailing)}`;
    return `${body}\n`;
  }
}

/** `- ` or a lone `-` starts a sequence entry. */
function isSequenceEntry(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** A block mapping entry: its key and the text after the `:`; undefined if `text` is none. */
function key(text: string): { key: string; rest: string } | undefined {
  const first = text.charAt(0);
  // A flow collection; as a key (`[a]: b`) it is outside the subset, which `inline` finds.
  if (first === "[" || first === "{") return undefined;
  if (first === '"' || first === "'") {
    const [value, end] = quoted(text, 0);
    if (text.charAt(end) !== ":") return undefined;
    if (end + 1 < text.length && text.charAt(end + 1) !== " ") return undefined;
    if (value === "__proto__" || value === "<<") outside();
    return { key: value, rest: text.slice(end + 1) };
  }
  let colon = text.indexOf(": ");
  if (colon === -1) colon = text.endsWith(":") ? text.length - 1 : -1;
  if (colon === -1) return undefined;
  const name = text.slice(0, colon);
  if (
    name === "" ||
    name.length > 1000 ||
    "-?:,[]{}#&*!|>'\"%@`".includes(name.charAt(0)) ||
    name.includes(" #") ||
    name.endsWith(" ") ||
    name === "__proto__" ||
    name === "<<" ||
    typeof resolve(name) !== "string"
  ) {
    outside();
  }
  return { key: name, rest: text.slice(colon + 1) };
}

/** A plain scalar in block context, up to a comment. */
function plain(text: string): unknown {
  const first = text.charAt(0);
  if ("&*!%@`,]}#".includes(first)) outside();
  if ((first === "-" || first === "?" || first === ":") && (text.length === 1 || text[1] === " ")) {
    outside();
  }
  const comment = text.indexOf(" #");
  const value = trimEnd(comment === -1 ? text : text.slice(0, comment));
  if (value.includes(": ") || value.endsWith(":")) outside();
  return resolve(value);
}

/** After a value: nothing, or spaces then a comment. */
function isTrailer(text: string, end: number): boolean {
  const rest = text.slice(end);
  return /^ *$/.test(rest) || /^ +#/.test(rest);
}

const escapes: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

/** A single- or double-quoted scalar that closes on its line: [value, index after it]. */
function quoted(text: string, start: number): [string, number] {
  const quote = text.charAt(start);
  let value = "";
  let i = start + 1;
  if (quote === "'") {
    for (;;) {
      const close = text.indexOf("'", i);
      if (close === -1) outside();
      value += text.slice(i, close);
      if (text.charAt(close + 1) !== "'") return [value, close + 1];
      value += "'";
      i = close + 2;
    }
  }
  for (;;) {
    const close = text.indexOf('"', i);
    const escape = text.indexOf("\\", i);
    if (close === -1) outside();
    if (escape === -1 || escape > close) return [value + text.slice(i, close), close + 1];
    value += text.slice(i, escape);
    const code = text.charAt(escape + 1);
    const simple = escapes[code];
    if (simple !== undefined) {
      value += simple;
      i = escape + 2;
    } else if (code === "x" || code === "u") {
      const width = code === "x" ? 2 : 4;
      const hex = text.slice(escape + 2, escape + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) outside();
      const point = Number.parseInt(hex, 16);
      if (point >= 0xd800 && point <= 0xdfff) outside();
      value += String.fromCharCode(point);
      i = escape + 2 + width;
    } else {
      outside();
    }
  }
}

/**
 * A flow collection, `[a, b]` or `{ k: v }`, possibly nested, possibly over several lines (each
 * scalar on one line); `more` gives the next line when the text runs out.
 */
class Flow {
  i = 0;
  constructor(
    public text: string,
    private depth: number,
    private readonly more: () => string | undefined,
  ) {}

  node(): unknown {
    const c = this.text.charAt(this.i);
    if (c === "[" || c === "{") {
      this.depth += 1;
      if (this.depth > maxDepth) outside();
      const value = c === "[" ? this.sequence() : this.mapping();
      this.depth -= 1;
      return value;
    }
    if (c === '"' || c === "'") {
      const [value, end] = quoted(this.text, this.i);
      this.i = end;
      return value;
    }
    return resolve(this.plain());
  }

  private sequence(): unknown[] {
    const items: unknown[] = [];
    this.i += 1;
    this.spaces();
    if (this.text.charAt(this.i) === "]") {
      this.i += 1;
      return items;
    }
    for (;;) {
      items.push(this.node());
      if (this.separator("]")) return items;
    }
  }

  private mapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.i += 1;
    this.spaces();
    if (this.text.charAt(this.i) === "}") {
      this.i += 1;
      return map;
    }
    for (;;) {
      const c = this.text.charAt(this.i);
      let name: string;
      if (c === '"' || c === "'") {
        [name, this.i] = quoted(this.text, this.i);
        if (this.text.charAt(this.i) !== ":") outside();
      } else {
        name = this.plain();
        if (typeof resolve(name) !== "string") outside();
        if (this.text.charAt(this.i) !== ":" || this.text.charAt(this.i + 1) !== " ") outside();
      }
      if (name === "__proto__" || name === "<<" || Object.hasOwn(map, name)) outside();
      this.i += 1;
      this.spaces();
      const next = this.text.charAt(this.i);
      if (next === "," || next === "}" || next === "") outside();
      map[name] = this.node();
      if (this.separator("}")) return map;
    }
  }

  /** After an item: `,` then another item (true if none follows), or the closing bracket. */
  private separator(close: string): boolean {
    this.spaces();
    const c = this.text.charAt(this.i);
    if (c === close) {
      this.i += 1;
      return true;
    }
    if (c !== ",") outside();
    this.i += 1;
    this.spaces();
    const next = this.text.charAt(this.i);
    if (next === close) {
      // One trailing comma is allowed (Prettier writes it); an empty entry is not.
      this.i += 1;
      return true;
    }
    if (next === ",") outside();
    return false;
  }

  /** A plain scalar in flow context: no `:` or `#` at all, which keeps it unambiguous. */
  private plain(): string {
    const start = this.i;
    while (this.i < this.text.length && !",[]{}:#\"'\n".includes(this.text.charAt(this.i))) {
      this.i += 1;
    }
    const value = trimEnd(this.text.slice(start, this.i));
    const first = value.charAt(0);
    if (value === "" || "&*!|>%@`".includes(first)) outside();
    if ((first === "-" || first === "?") && (value.length === 1 || value[1] === " ")) outside();
    return value;
  }

  /** Skips spaces, line breaks and comments, taking further lines as needed. */
  private spaces(): void {
    for (;;) {
      const c = this.text.charAt(this.i);
      if (c === " " || c === "\n") {
        this.i += 1;
      } else if (c === "#" && /[ \n]/.test(this.text.charAt(this.i - 1))) {
        const end = this.text.indexOf("\n", this.i);
        this.i = end === -1 ? this.text.length : end;
      } else if (c === "") {
        const line = this.more();
        if (line === undefined) return;
        this.text += `\n${line}`;
      } else {
        return;
      }
    }
  }
}

const intPattern = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$/;
const floatPattern =
  /^(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** A plain scalar's value under YAML 1.2's core schema, as js-yaml resolves it. */
function resolve(text: string): unknown {
  switch (text) {
    case "":
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  const first = text.charAt(0);
  if (!"-+.0123456789".includes(first)) return text;
  const integer = intPattern.test(text);
  const float = !integer && floatPattern.test(text);
  // Long numbers round and overflow in both parsers alike, but are rare enough to leave.
  if ((integer || float) && text.length > 15) outside();
  if (integer) {
    let digits = text;
    let sign = 1;
    if (first === "-" || first === "+") {
      if (first === "-") sign = -1;
      digits = digits.slice(1);
    }
    if (digits.startsWith("0o")) return sign * Number.parseInt(digits.slice(2), 8);
    if (digits.startsWith("0x")) return sign * Number.parseInt(digits.slice(2), 16);
    return sign * Number.parseInt(digits, 10);
  }
  if (float) {
    let value = text.toLowerCase();
    const sign = value.startsWith("-") ? -1 : 1;
    if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
    if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    if (value === ".nan") return Number.NaN;
    const result = sign * Number.parseFloat(value);
    return Number.isFinite(result) ? result : text;
  }
  return text;
}
