/**
 * What a JavaScript or TypeScript config file says, read from its tokens; never executed.
 *
 * The rules need three kinds of fact from an ESLint config: the modules it imports, the names it
 * mentions and the object keys it writes. A scanner that knows the language's lexical grammar
 * (strings, template literals, comments, regular expressions, brackets) gets all three without a
 * full parser: text inside strings and comments never counts, and keys are told apart from
 * ternaries, labels and blocks by the bracket they sit in. Loading and running a full parser cost
 * more than the rest of an audit of a large monorepo; `js-module.test.ts` checks the scanner
 * against @babel/parser's syntax tree on real and generated configs.
 */
export interface ModuleFacts {
  /** Module specifiers it imports: `import`, `export … from`, `require()` and `import()` with a string. */
  imports: string[];
  /** Every identifier and member name it mentions (`strictTypeChecked`, `configs`, …). */
  names: Set<string>;
  /** Every object key it writes (`projectService`, `parserOptions`, …). */
  keys: Set<string>;
  /** The values of its string literals (and template literals without substitutions). */
  strings: string[];
  /** Object properties it writes, where they sit and, for a literal, the value they get. */
  properties: Property[];
  /** String literals in a role the code gives them: a call's first argument, a key's value, a comparison. */
  uses: StringUse[];
}

/** One property of an object literal. */
export interface Property {
  key: string;
  /** The keys of the objects it sits in, outermost first (`parserOptions` for `project`). */
  path: readonly string[];
  /** The literal it is given (`false`, `true`, `null`, a string or number); absent for an expression. */
  value?: string;
  /** The function whose call the object is an argument of, at any depth (`paved` in `paved({…})`). */
  callee?: string;
}

/** A string literal and what it is to the code around it. */
export interface StringUse {
  value: string;
  /** The function it is the first argument of (`get` in `app.get("/x")`). */
  callee?: string;
  /** The object that function is called on (`app`). */
  receiver?: string;
  /** Whether the call constructs (`new URL("/x")`). */
  constructed?: boolean;
  /** The key it is the value of (`url` in `{ url: "/x" }`). */
  key?: string;
  /** Whether it is compared (`=== "/x"`) or a `case "/x":`. */
  compared?: boolean;
}

export type ParsedModule = { ok: true; facts: ModuleFacts } | { ok: false; problem: string };

type Kind = "name" | "string" | "number" | "regex" | "punct";

interface Token {
  kind: Kind;
  /** The name, the punctuator, or a string's value (a template literal without substitutions is a string). */
  value: string;
}

interface Bracket {
  /** `{`, `(`, `[`, or `${` for a template literal's substitution. */
  open: "{" | "(" | "[" | "${";
  line: number;
  /** A `{` that opens an object literal (or pattern), not a block, class or type body. */
  object: boolean;
  /** For an object that is a property's value: that property's key. */
  key?: string;
  /** For a call's `(`: the function called, the object it is called on, and whether with `new`. */
  callee?: string;
  receiver?: string;
  constructed?: boolean;
}

/** Reserved words: never identifiers, so never names (`this`, `true`, `import` …). */
const reserved = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with await yield let"
  ).split(" "),
);

/** Words after which `/` starts a regular expression rather than a division. */
const regexAfterWord = new Set(
  "return typeof instanceof in of new delete void throw case do else yield await default".split(
    " ",
  ),
);

/** Words after which `{` opens an object literal rather than a block or a body. */
const objectAfterWord = new Set(
  "return default typeof in of yield await case new void throw delete extends satisfies as".split(
    " ",
  ),
);

const closerOf = { "{": "}", "(": ")", "[": "]", "${": "}" } as const;

const identifierStartPattern = /[\p{ID_Start}$_]/u;
/** The rest of a name, from a given index (sticky). */
const identifierPart = /[\p{ID_Continue}$\u200C\u200D]*/uy;

/** Whether a character starts a name: ASCII letters, `$` and `_` without a regular expression. */
function startsName(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80)
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 36 || code === 95;
  return identifierStartPattern.test(ch);
}

/** The length of the name part at `at` (zero when there is none). */
function namePartLength(text: string, at: number): number {
  // `test` moves `lastIndex` past the match without making a match array.
  identifierPart.lastIndex = at;
  return identifierPart.test(text) ? identifierPart.lastIndex - at : 0;
}
const numberPattern =
  /(?:0[xXoObB][\da-fA-F_]+n?|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?[\d_]+)?n?|\.\d[\d_]*(?:[eE][+-]?[\d_]+)?)/y;
/** Punctuators of two or more characters by their first character, longest first. */
const longPunctuators = new Map<string, string[]>();
for (const punctuator of [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
]) {
  const first = punctuator.charAt(0);
  longPunctuators.set(first, [...(longPunctuators.get(first) ?? []), punctuator]);
}

class ScanError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const simpleEscapes: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

/** Scans module text (JS or TS; ESM or CommonJS) and collects the facts rules need. */
export function parseModule(text: string, path: string): ParsedModule {
  try {
    return { ok: true, facts: scan(text) };
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    return {
      ok: false,
      problem: `${path}: cannot be parsed at line ${String(error.line)} (${error.message})`,
    };
  }
}

/** Module facts with nothing in them, and `parts` where given (the scanner fills them in). */
export function moduleFacts(parts: Partial<ModuleFacts> = {}): ModuleFacts {
  return {
    imports: [],
    names: new Set(),
    keys: new Set(),
    strings: [],
    properties: [],
    uses: [],
    ...parts,
  };
}

/** A run of white space other than line ends, from `lastIndex`. */
const blanks = /[ \t\r\f\v\ufeff]+/y;
/** A string literal's rest, from after its opening quote, where it has no escape or line end. */
const plainDouble = /[^"\\\n\r]*"/y;
const plainSingle = /[^'\\\n\r]*'/y;

function scan(text: string): ModuleFacts {
  const facts = moduleFacts();
  const brackets: Bracket[] = [];
  let line = 1;
  let i = 0;
  // The last two significant tokens, for the context the language's grammar needs here.
  let prev: Token | undefined;
  let prev2: Token | undefined;
  let prev3: Token | undefined;
  // The key of the last `key:`, and the property waiting for its value.
  let colonKey: string | undefined;
  let pending: { property: Property; literal?: string; seen: number } | undefined;

  const path = (): string[] =>
    brackets.flatMap((bracket) => (bracket.key === undefined ? [] : [bracket.key]));
  const call = (): Bracket | undefined => brackets.findLast((bracket) => bracket.callee);

  const top = (): Bracket | undefined => brackets[brackets.length - 1];
  const isPunct = (token: Token | undefined, a: string, b = a): boolean =>
    token?.kind === "punct" && (token.value === a || token.value === b);
  const isWord = (token: Token | undefined, a: string, b = a): boolean =>
    token?.kind === "name" && (token.value === a || token.value === b);

  /** A name or string just before `,` `}` or `:` inside an object literal is one of its keys. */
  const keyBefore = (): string | undefined => {
    const bracket = top();
    if (!bracket?.object) return undefined;
    if (prev?.kind !== "name" && prev?.kind !== "string" && prev?.kind !== "number")
      return undefined;
    return isPunct(prev2, "{", ",") ? prev.value : undefined;
  };

  /** Records an object key; a key written as a bare word (`extends:`, `default:`) is a name too. */
  const key = (name: string | undefined, colon = false): void => {
    if (name === undefined) return;
    facts.keys.add(name);
    if (prev?.kind === "name") facts.names.add(name);
    if (!colon) return;
    const callee = call()?.callee;
    const property: Property = { key: name, path: path(), ...(callee ? { callee } : {}) };
    facts.properties.push(property);
    colonKey = name;
    pending = { property, seen: -1 };
  };

  /** Gives a pending property its value: a literal followed by `,` `}` or `)`. */
  const settle = (token: Token): void => {
    if (!pending) return;
    pending.seen += 1;
    if (pending.seen === 0) return; // the `:` itself
    const literal =
      token.kind === "string" ||
      token.kind === "number" ||
      (token.kind === "name" && ["true", "false", "null", "undefined"].includes(token.value));
    if (pending.seen === 1 && literal) {
      pending.literal = token.value;
      return;
    }
    if (pending.seen === 2 && pending.literal !== undefined && isPunct(token, ",", "}"))
      pending.property.value = pending.literal;
    pending = undefined;
  };

  /** What a string literal is to the code around it, for rules that read structure. */
  const use = (value: string): void => {
    const bracket = top();
    if (isPunct(prev, "(") && bracket?.callee) {
      const { callee, receiver, constructed } = bracket;
      facts.uses.push({
        value,
        callee,
        ...(receiver ? { receiver } : {}),
        ...(constructed ? { constructed } : {}),
      });
    } else if (isPunct(prev, ":") && colonKey !== undefined && bracket?.object) {
      const callee = call()?.callee;
      facts.uses.push({ value, key: colonKey, ...(callee ? { callee } : {}) });
    } else if (isPunct(prev, "===", "==") || isWord(prev, "case")) {
      facts.uses.push({ value, compared: true });
    }
  };

  const emit = (token: Token): void => {
    settle(token);
    if (token.kind === "string") {
      facts.strings.push(token.value);
      use(token.value);
      const importing =
        isWord(prev, "from", "import") ||
        (isPunct(prev, "(") && isWord(prev2, "require", "import"));
      if (importing) facts.imports.push(token.value);
    } else if (token.kind === "name") {
      // A reserved word is still a name as a member (`configs.default`); as a key, see `key()`.
      if (!reserved.has(token.value) || isPunct(prev, ".", "?.")) facts.names.add(token.value);
    }
    prev3 = prev2;
    prev2 = prev;
    prev = token;
  };

  const regexAllowed = (): boolean => {
    if (prev === undefined) return true;
    if (prev.kind === "name") return regexAfterWord.has(prev.value);
    if (prev.kind !== "punct") return false;
    return !(prev.value === ")" || prev.value === "]" || prev.value === "}");
  };

  const objectAllowed = (): boolean => {
    if (prev === undefined) return false;
    if (prev.kind === "name") return objectAfterWord.has(prev.value);
    if (prev.kind !== "punct") return false;
    return !["}", ")", ";", "{", "=>"].includes(prev.value);
  };

  /**
   * Scans a template literal from after its opening backtick (`head`) or after a substitution's
   * `}`. Only a template without substitutions is a string (a module specifier can be one).
   */
  const template = (head: boolean): void => {
    let cooked = "";
    while (i < text.length) {
      const ch = text[i];
      if (ch === "`") {
        i += 1;
        emit(head ? { kind: "string", value: cooked } : { kind: "punct", value: "`" });
        return;
      }
      if (ch === "$" && text[i + 1] === "{") {
        i += 2;
        emit({ kind: "punct", value: "`${" });
        brackets.push({ open: "${", line, object: false });
        return;
      }
      if (ch === "\\") {
        const next = text[i + 1] ?? "";
        if (next === "\n") line += 1;
        cooked += simpleEscapes[next] ?? next;
        i += 2;
        continue;
      }
      if (ch === "\n") line += 1;
      cooked += ch ?? "";
      i += 1;
    }
    throw new ScanError(line, "unterminated template literal");
  };

  while (i < text.length) {
    const ch = text[i] ?? "";
    const code = ch.charCodeAt(0);
    // Space, line ends and other white space.
    if (ch === "\n") {
      line += 1;
      i += 1;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\f" || ch === "\v" || code === 0xfeff) {
      // The whole run at once: indentation is a third of a config's characters.
      blanks.lastIndex = i;
      blanks.test(text);
      i = blanks.lastIndex;
      continue;
    }
    if (code > 0x7f && /\s/u.test(ch)) {
      if (ch === "\u2028" || ch === "\u2029") line += 1;
      i += 1;
      continue;
    }
    // Comments, and a hashbang on the first line.
    if (ch === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) throw new ScanError(line, "unterminated comment");
      for (let j = text.indexOf("\n", i); j !== -1 && j < end; j = text.indexOf("\n", j + 1))
        line += 1;
      i = end + 2;
      continue;
    }
    if (i === 0 && ch === "#" && text[1] === "!") {
      const end = text.indexOf("\n");
      i = end === -1 ? text.length : end;
      continue;
    }
    // Strings.
    if (ch === '"' || ch === "'") {
      // Most strings have no escape: their text is one slice.
      const plain = ch === '"' ? plainDouble : plainSingle;
      plain.lastIndex = i + 1;
      if (plain.test(text)) {
        emit({ kind: "string", value: text.slice(i + 1, plain.lastIndex - 1) });
        i = plain.lastIndex;
        continue;
      }
      const start = line;
      let value = "";
      i += 1;
      for (;;) {
        const c = text[i];
        if (c === undefined || c === "\n" || c === "\r")
          throw new ScanError(start, "unterminated string");
        i += 1;
        if (c === ch) break;
        if (c === "\\") {
          const next = text[i] ?? "";
          if (next === "\n") line += 1;
          value += simpleEscapes[next] ?? next;
          i += 1;
          continue;
        }
        value += c;
      }
      emit({ kind: "string", value });
      continue;
    }
    if (ch === "`") {
      i += 1;
      template(true);
      continue;
    }
    // Names (identifiers, keywords, `#private` names).
    if (startsName(ch) || (ch === "#" && startsName(text[i + 1] ?? ""))) {
      const start = i;
      i += 1 + namePartLength(text, i + 1);
      emit({ kind: "name", value: text.slice(ch === "#" ? start + 1 : start, i) });
      continue;
    }
    if ((ch >= "0" && ch <= "9") || (ch === "." && /\d/.test(text[i + 1] ?? ""))) {
      numberPattern.lastIndex = i;
      const match = numberPattern.exec(text);
      const literal = match?.[0] ?? ch;
      i += literal.length;
      emit({ kind: "number", value: literal });
      continue;
    }
    // Regular expressions: where a `/` cannot be a division.
    if (ch === "/" && regexAllowed()) {
      const start = line;
      let inClass = false;
      i += 1;
      for (;;) {
        const c = text[i];
        if (c === undefined || c === "\n" || c === "\r")
          throw new ScanError(start, "unterminated regular expression");
        i += 1;
        if (c === "\\") i += 1;
        else if (c === "[") inClass = true;
        else if (c === "]") inClass = false;
        else if (c === "/" && !inClass) break;
      }
      i += namePartLength(text, i);
      emit({ kind: "regex", value: "" });
      continue;
    }
    // Brackets.
    if (ch === "{" || ch === "(" || ch === "[") {
      const object = ch === "{" && objectAllowed();
      const bracket: Bracket = { open: ch, line, object };
      if (object && isPunct(prev, ":") && colonKey !== undefined) bracket.key = colonKey;
      if (ch === "(" && prev?.kind === "name" && !reserved.has(prev.value)) {
        bracket.callee = prev.value;
        if (isPunct(prev2, ".", "?.") && prev3?.kind === "name") bracket.receiver = prev3.value;
        if (isWord(prev2, "new")) bracket.constructed = true;
      }
      brackets.push(bracket);
      i += 1;
      emit({ kind: "punct", value: ch });
      continue;
    }
    if (ch === "}" || ch === ")" || ch === "]") {
      const bracket = top();
      if (!bracket) throw new ScanError(line, `unexpected "${ch}"`);
      if (closerOf[bracket.open] !== ch) {
        throw new ScanError(
          line,
          `"${ch}" does not close the "${bracket.open}" of line ${String(bracket.line)}`,
        );
      }
      if (ch === "}") {
        if (prev?.kind === "name") key(keyBefore());
      }
      brackets.pop();
      i += 1;
      if (bracket.open === "${") {
        template(false);
        continue;
      }
      emit({ kind: "punct", value: ch });
      continue;
    }
    // Other punctuators, longest first.
    const long = longPunctuators.get(ch)?.find((p) => text.startsWith(p, i));
    let value = long ?? ch;
    // `?.` before a digit is a ternary's `?` and a number (`a?.5:1`).
    if (value === "?." && /\d/.test(text[i + 2] ?? "")) value = "?";
    if (value === ",") {
      if (prev?.kind === "name") key(keyBefore());
    } else if (value === ":") {
      // Only `{ name:` or `, name:` in an object literal: a ternary's `:` follows `? value`.
      key(keyBefore(), true);
    } else if (!/[\x21-\x7e]/.test(ch)) {
      throw new ScanError(line, `unexpected character U+${code.toString(16).padStart(4, "0")}`);
    }
    i += value.length;
    emit({ kind: "punct", value });
  }
  const open = top();
  if (open) {
    throw new ScanError(
      line,
      `the "${open.open}" of line ${String(open.line)} is never closed before the end of the file`,
    );
  }
  return facts;
}
