import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@babel/parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moduleFacts, parseModule, type ModuleFacts } from "./js-module.js";

/**
 * The oracle: the same facts read from @babel/parser's syntax tree (imports, Identifier names,
 * ObjectProperty keys), which is what the scanner must agree with.
 */
interface Node {
  type: string;
  [key: string]: unknown;
}
const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === "object" && typeof (value as Node).type === "string";

function stringOf(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "StringLiteral") return node["value"] as string;
  if (node.type === "TemplateLiteral" && (node["expressions"] as unknown[]).length === 0)
    return (node["quasis"] as { value: { cooked: string } }[])[0]?.value.cooked;
  return undefined;
}

function babelFacts(text: string, path: string): ModuleFacts {
  const ast = parse(text, {
    sourceType: "unambiguous",
    plugins: [/\.[cm]?tsx?$/.test(path) ? "typescript" : "flow"],
  });
  const facts: ModuleFacts = moduleFacts();
  const stack: unknown[] = [ast.program];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!isNode(node)) continue;
    if (
      node.type === "ImportDeclaration" ||
      node.type === "ExportAllDeclaration" ||
      node.type === "ExportNamedDeclaration" ||
      node.type === "ImportExpression"
    ) {
      const source = stringOf(node["source"]);
      if (source !== undefined) facts.imports.push(source);
    } else if (node.type === "TSExternalModuleReference") {
      const source = stringOf(node["expression"]);
      if (source !== undefined) facts.imports.push(source);
    } else if (node.type === "CallExpression") {
      const callee = node["callee"];
      const first = stringOf((node["arguments"] as unknown[])[0]);
      const requires =
        isNode(callee) &&
        ((callee.type === "Identifier" && callee["name"] === "require") ||
          callee.type === "Import");
      if (requires && first !== undefined) facts.imports.push(first);
    } else if (node.type === "Identifier") facts.names.add(node["name"] as string);
    else if (node.type === "ObjectExpression") {
      for (const property of node["properties"] as Node[]) {
        if (property.type !== "ObjectProperty" || property["computed"] === true) continue;
        const key = property["key"];
        const name =
          isNode(key) && key.type === "Identifier" ? (key["name"] as string) : stringOf(key);
        if (name !== undefined) facts.keys.add(name);
        if (isNode(key) && key.type === "NumericLiteral") facts.keys.add(String(key["value"]));
      }
    }
    for (const [field, value] of Object.entries(node))
      if (field !== "loc" && (isNode(value) || Array.isArray(value))) stack.push(value);
  }
  return facts;
}

/**
 * Words the scanner sees as names where Babel's tree has no Identifier node (contextual keywords,
 * TypeScript's modifiers and type keywords), and `import`, which Babel's tree has as an
 * Identifier in `import.meta`.
 */
const contextual = new Set(
  (
    "from as of async get set type satisfies import readonly declare abstract public private " +
    "protected override keyof infer is asserts unique namespace module interface string number " +
    "boolean unknown never any object symbol bigint"
  ).split(" "),
);

function comparable(facts: ModuleFacts) {
  return {
    imports: [...facts.imports].sort(),
    names: [...facts.names].filter((name) => !contextual.has(name)).sort(),
    keys: [...facts.keys].sort(),
  };
}

function scanned(text: string, path: string) {
  const result = parseModule(text, path);
  if (!result.ok) throw new Error(result.problem);
  return comparable(result.facts);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("the module scanner", () => {
  it("agrees with Babel's syntax tree on this repository's ESLint configs and preset sources", () => {
    const files = [
      "eslint.config.js",
      "examples/sample-service/eslint.config.js",
      ...readdirSync(join(root, "packages/eslint-config/src"))
        .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
        .map((name) => `packages/eslint-config/src/${name}`),
    ];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      const oracle = comparable(babelFacts(text, file));
      const mine = scanned(text, file);
      expect({ file, imports: mine.imports }).toEqual({ file, imports: oracle.imports });
      expect({ file, names: mine.names }).toEqual({ file, names: oracle.names });
      // Type literals (`{ a: string }`) have keys for the scanner but no ObjectProperty.
      expect({ file, missing: oracle.keys.filter((key) => !mine.keys.includes(key)) }).toEqual({
        file,
        missing: [],
      });
    }
  });

  it.each([
    [
      "strings and comments that look like code",
      `// import a from "no"\n/* require("no") */ const s = "import('no')"; export default [{ k: 'x // y' }];`,
    ],
    [
      "regular expressions with quotes and slashes",
      `const r = /["'\`/]+\\//g; const d = 4 / 2 / 1; export default { files: [r.source], d };`,
    ],
    [
      "a regex after return and in a class",
      "function f() { return /[/]}{/.test('x'); }\nexport default { f };",
    ],
    [
      "templates with substitutions holding objects",
      "const t = `a${ { k: `b${1}` }.k }c`; export default { t, u: `x` };",
    ],
    [
      "ternaries inside objects",
      "export default { a: x ? { b: 1 } : { c: 2 }, d: y ? e : f, g: { h: 1 } };",
    ],
    [
      "labels, blocks and switch cases",
      "outer: for (;;) { switch (x) { case 1: { break outer; } default: } }\nexport default { k: 1 };",
    ],
    [
      "destructuring patterns",
      "const f = ({ a, b: { c } }) => [a, c];\nexport default f({ a: 1, b: { c: 2 } });",
    ],
    [
      "shorthand keys, spreads and methods",
      "const a = 1; export default { a, ...b, m() { return { n: 1 }; }, 'q-q': 2, 3: 4 };",
    ],
    [
      "every form of import",
      "import a from 'a'; import 'side'; import * as b from \"b\"; export * from 'c'; export { d } from 'd'; const e = require('e'); const f = await import(`f`); import g = require('g');",
    ],
  ])("agrees with Babel on %s", (_, source) => {
    const file = source.includes("import g =") ? "config.ts" : "config.mjs";
    expect(scanned(source, file)).toEqual(comparable(babelFacts(source, file)));
  });

  it("agrees with Babel on generated configs", () => {
    const identifier = fc.constantFrom(
      "a",
      "b",
      "configs",
      "projectService",
      "parserOptions",
      "project",
      "strictTypeChecked",
      "rules",
      "files",
      "tseslint",
    );
    const tricky = fc.string({
      unit: fc.constantFrom(
        "a",
        "'",
        '"',
        "`",
        "/",
        "*",
        "\\\\",
        "{",
        "}",
        "$",
        "\n",
        ":",
        "?",
        "//",
      ),
    });
    const quoted = tricky.map((s) => JSON.stringify(s));
    const comment = fc.oneof(
      fc.constant(""),
      // No "*" inside: removing "*/" once can leave another ("**//").
      tricky.map((s) => `/*${s.replaceAll("*", "")}*/`),
      tricky.map((s) => `//${s.replaceAll("\n", "")}\n`),
    );
    const { value } = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        quoted,
        identifier,
        fc.integer({ min: 0, max: 99 }).map(String),
        fc.constantFrom("/a[/]b/gi", "/'\"/", "(4 / 2)"),
        fc.tuple(identifier, tie("value")).map(([name, v]) => `${name}.${name}(${v})`),
        fc.tuple(tie("value"), tie("value"), tie("value")).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
        // A division, where a `/` read as a regular expression would swallow the string's quote.
        fc.tuple(identifier, tie("value")).map(([name, v]) => `(${name} / 2 + "/" + ${v})`),
        // Blocks, where `name:` is a label and `{ name }` no object: an arrow's body.
        fc
          .tuple(identifier, tie("value"))
          .map(
            ([name, v]) =>
              `(() => { ${name}: for (;;) { break ${name}; } try { ${name} } finally {} return /}{/.test(${v}); })()`,
          ),
        fc
          .tuple(identifier, tie("value"))
          .map(([name, v]) => `(function () { return { ${name}: ${v} }; })()`),
        fc.tuple(identifier, tie("value")).map(([name, v]) => `(() => ({ ${name}, k: ${v} }))`),
        fc
          .tuple(tie("value"), quoted)
          .map(([v, s]) => `\`${(JSON.parse(s) as string).replace(/[`\\$]/g, "")}\${${v}}\``),
        fc
          .array(fc.tuple(comment, tie("value")), { maxLength: 4 })
          .map((items) => `[${items.map(([c, v]) => `${c}${v}`).join(", ")}]`),
        fc
          .array(fc.tuple(fc.oneof(identifier, quoted), comment, tie("value"), fc.boolean()), {
            maxLength: 4,
          })
          .map(
            (entries) =>
              `{ ${entries.map(([k, c, v, spread]) => (spread ? `...${v}` : `${k}:${c} ${v}`)).join(", ")} }`,
          ),
      ),
    })) as unknown as { value: fc.Arbitrary<string> };
    const program = fc
      .tuple(
        fc.array(fc.tuple(identifier, quoted, fc.constantFrom("import", "require", "dynamic")), {
          maxLength: 3,
        }),
        value,
      )
      .map(([imports, body]) => {
        const lines = imports.map(([name, spec, form], n) =>
          form === "import"
            ? `import ${name}${String(n)} from ${spec};`
            : form === "require"
              ? `const ${name}${String(n)} = require(${spec});`
              : `const ${name}${String(n)} = await import(${spec});`,
        );
        return `${lines.join("\n")}\nexport default ${body};\n`;
      });
    fc.assert(
      fc.property(program, (source) => {
        expect(scanned(source, "eslint.config.mjs")).toEqual(
          comparable(babelFacts(source, "eslint.config.mjs")),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with Babel where a block comment sits between a key and its value", () => {
    const source = 'export default [{ a:/**/ "" }, { b: /* x */ 1 }];\n';
    expect(scanned(source, "eslint.config.mjs")).toEqual(
      comparable(babelFacts(source, "eslint.config.mjs")),
    );
  });

  it.each([
    ["an unterminated string", "export default [{ a: 'x }];\n", /line 1 \(unterminated string\)/],
    [
      "an unterminated template",
      "export default `a${b}\n\n",
      /line 3 \(unterminated template literal\)/,
    ],
    ["an unterminated comment", "/* a\nb", /line 1 \(unterminated comment\)/],
    [
      "a bracket closed by the wrong one",
      "export default [\n  {\n];\n",
      /line 3 \("\]" does not close the "\{" of line 2\)/,
    ],
    [
      "a bracket never closed",
      "export default [\n  {},\n",
      /line 3 \(the "\[" of line 1 is never closed/,
    ],
    ["a stray closer", "export default 1;\n}\n", /line 2 \(unexpected "\}"\)/],
  ])("names the line of %s", (_, source, reason) => {
    const result = parseModule(source, "eslint.config.js");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problem).toMatch(
        new RegExp(`^eslint\\.config\\.js: cannot be parsed at ${reason.source}`),
      );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const result = parseModule(text, "eslint.config.js");
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });
});
