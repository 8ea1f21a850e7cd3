import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { indexMemory } from "./repo-index.js";
import { simpleYaml, type YamlLines } from "./simple-yaml.js";
import { yamlLines } from "./yaml-lines.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const workflows = readdirSync(join(root, ".github", "workflows"))
  .filter((name) => name.endsWith(".yml"))
  .map((name) => readFileSync(join(root, ".github", "workflows", name), "utf8"));

describe("the lines of YAML nodes", () => {
  it("are the same from the fast reader and from the yaml library's tree, on this repository's workflows", () => {
    expect(workflows.length).toBeGreaterThan(1);
    for (const text of workflows) {
      const fast: YamlLines = new Map();
      expect(simpleYaml(text, fast)).toBeDefined();
      const tree = yamlLines(text);
      expect(fast.size).toBeGreaterThan(10);
      for (const [path, line] of fast)
        expect({ path, line }).toEqual({ path, line: tree.get(path) });
    }
  });

  it("place keys and entries after comments and block scalars that mention them", () => {
    const text =
      "# jobs: uses: actions/checkout@v4\njobs:\n  a:\n    steps:\n      - run: |\n          uses: x\n      - uses: actions/checkout@v4\n";
    const index = indexMemory({ "w.yml": text });
    expect(index.yamlLine("w.yml", ["jobs", "a"])).toBe(3);
    expect(index.yamlLine("w.yml", ["jobs", "a", "steps", 1, "uses"])).toBe(7);
    // Inside a one-line flow collection, a node has its parent's line.
    const flow = indexMemory({ "f.yml": "on: [push, pull_request]\njobs: {}\n" });
    expect(flow.yamlLine("f.yml", ["on", 1])).toBe(1);
    expect(flow.yamlLine("f.yml", ["jobs"])).toBe(2);
    expect(flow.yamlLine("f.yml", ["nope"])).toBeUndefined();
  });

  it("come from the yaml library for files outside the fast reader's subset, and none for invalid YAML", () => {
    const anchored = "base: &b\n  x: 1\njobs:\n  a: *b\n  c:\n    steps:\n      - uses: y\n";
    const index = indexMemory({ "a.yml": anchored, "bad.yml": "a: [\n" });
    expect(index.yamlLine("a.yml", ["jobs", "c", "steps", 0, "uses"])).toBe(7);
    expect(index.yamlLine("bad.yml", ["a"])).toBeUndefined();
  });
});
