import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSeq } from "yaml";
import { EditError } from "./error.js";
import { appendToSeq, applySplices, pairOf, prependToMap, yamlDocument } from "./yaml.js";

const workflow = [
  "# CI, hand-written",
  "name: CI # the name",
  "on: [push]",
  "jobs:",
  "    build:   # four spaces",
  "        runs-on: 'ubuntu-latest'",
  "        steps:",
  "            - uses: actions/checkout@v5",
  "            - run: |",
  "                npm ci",
  "",
  "    # the other job",
  "    other:",
  '        runs-on: "x"',
  "",
].join("\n");

describe("YAML splices", () => {
  it("add a job's first key and a step at the file's own indentation, touching nothing else", () => {
    const document = yamlDocument(workflow, "ci.yml");
    const jobs = pairOf(document.contents, "jobs")?.value;
    const build = pairOf(jobs, "build")?.value;
    const steps = pairOf(build, "steps")?.value;
    if (!build || !isSeq(steps)) throw new Error("fixture");
    const after = applySplices(workflow, [
      prependToMap(workflow, build, ["timeout-minutes: 30"]),
      appendToSeq(workflow, steps, [["name: test", "run: npm test"]]),
    ]);
    expect(after).toBe(
      workflow
        .replace(
          "    build:   # four spaces\n",
          "    build:   # four spaces\n        timeout-minutes: 30\n",
        )
        .replace(
          "                npm ci\n",
          "                npm ci\n            - name: test\n              run: npm test\n",
        ),
    );
  });

  it("refuse inline collections and invalid YAML", () => {
    const inline = "jobs: { a: { steps: [] } }\n";
    const jobs = pairOf(yamlDocument(inline, "x.yml").contents, "jobs")?.value;
    if (!jobs) throw new Error("fixture");
    expect(() => prependToMap(inline, jobs, ["x: 1"])).toThrow(EditError);
    expect(() => yamlDocument("a: [", "bad.yml")).toThrow(/bad\.yml is not valid YAML/);
  });

  it("property: splices change nothing outside their spans", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(60), fc.string({ maxLength: 5 })), { maxLength: 5 }),
        (text, inserts) => {
          const offsets = [...new Set(inserts.map(([at]) => Math.min(at, text.length)))];
          const splices = offsets.map((at, i) => ({ start: at, end: at, text: `<${String(i)}>` }));
          const after = applySplices(text, splices);
          expect(after.replace(/<\d+>/g, "")).toBe(text.replace(/<\d+>/g, ""));
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });
});
