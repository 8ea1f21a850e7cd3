import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EditError } from "./error.js";
import { jsonAdd, jsonSet } from "./json.js";

describe("JSON edits", () => {
  it("keep comments, key order, indentation, quotes and the final newline (JSONC)", () => {
    const before = [
      "{",
      "\t// the service",
      '\t"name": "app",',
      '\t"scripts": {',
      '\t\t"build": "tsc" // compiled',
      "\t},",
      "\t/* trailing */",
      "}",
      "",
    ].join("\n");
    const after = jsonAdd(before, "package.json", ["scripts", "test"], "vitest run");
    expect(after).toBe(
      [
        "{",
        "\t// the service",
        '\t"name": "app",',
        '\t"scripts": {',
        '\t\t"build": "tsc", // compiled',
        '\t\t"test": "vitest run"',
        "\t},",
        "\t/* trailing */",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keep CRLF line ends and a file without a final newline as it is", () => {
    const before = '{\r\n  "a": 1\r\n}';
    expect(jsonSet(before, "x.json", ["b"], true)).toBe('{\r\n  "a": 1,\r\n  "b": true\r\n}');
  });

  it("never replace a value people set", () => {
    const before = '{ "engines": { "node": ">=18" } }\n';
    expect(jsonAdd(before, "package.json", ["engines", "node"], ">=22")).toBe(before);
  });

  it("refuse a file that is not JSON, naming it", () => {
    expect(() => jsonSet("{ oops", "tsconfig.json", ["a"], 1)).toThrow(EditError);
    expect(() => jsonSet("{ oops", "tsconfig.json", ["a"], 1)).toThrow(/tsconfig\.json/);
    expect(() => jsonSet("[1]", "x.json", ["a"], 1)).toThrow(/does not hold a JSON object/);
  });

  it("property: adding a key leaves every original line in place, in order", () => {
    const key = fc.stringMatching(/^[a-z]{1,8}$/);
    const value = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }),
        fc.constantFrom("  ", "    ", "\t"),
        fc.boolean(),
        key,
        (object, indent, comment, added) => {
          const lines = JSON.stringify(object, null, indent).split("\n");
          if (comment) lines.splice(1, 0, `${indent}// kept`);
          const before = `${lines.join("\n")}\n`;
          const after = jsonAdd(before, "generated.json", ["zz", added], "new");
          const remaining = after.split("\n");
          // Each original line survives, except that the last entry may gain a comma.
          let at = 0;
          for (const line of before.split("\n")) {
            while (at < remaining.length && remaining[at] !== line && remaining[at] !== `${line},`)
              at += 1;
            expect(at).toBeLessThan(remaining.length);
            at += 1;
          }
          expect(JSON.parse(after.replace(/^\s*\/\/.*$/m, ""))).toEqual({
            ...object,
            zz: { [added]: "new" },
          });
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });
});
