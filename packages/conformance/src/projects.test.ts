import { describe, expect, it } from "vitest";
import { discoverProjects, indexMemory } from "@paved/facts";
import { runRule } from "./rules/rule-tester.js";
import engines from "./rules/runtime/engines.js";
import strict from "./rules/typecheck/strict.js";

describe("package.json is read as npm reads it", () => {
  it.each([
    [
      '{\n  "name": "a",\n  // pinned by the platform team\n  "engines": { "node": ">=22.12" }\n}',
      3,
      "a comment",
    ],
    ['{\n  "name": "a",\n  "engines": { "node": ">=22.12" },\n}', 4, "a trailing comma"],
  ])("refuses %j, naming the file and line", (text, line, why) => {
    const [verdict] = runRule(engines, { "package.json": text }).get(".") ?? [];
    expect(verdict).toMatchObject({
      outcome: "not-evaluated",
      reason: `package.json: not valid JSON at line ${String(line)} (${why}): npm and Node reject it; write it as plain JSON`,
      location: { path: "package.json" },
    });
  });

  it("refuses a workspace package's manifest the same way, and keeps its directory as a project", () => {
    const index = indexMemory({
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
      "packages/a/package.json": '{ "name": "a", }',
    });
    const [, project] = discoverProjects(index);
    expect(project?.dir).toBe("packages/a");
    expect(project?.manifestProblem).toMatch(
      /^packages\/a\/package\.json: not valid JSON at line 1/,
    );
  });

  it("still reads tsconfig.json with comments and trailing commas", () => {
    const files = {
      "package.json": JSON.stringify({ name: "a", devDependencies: { typescript: "6.0.3" } }),
      "tsconfig.json": '{\n  // strict on purpose\n  "compilerOptions": { "strict": true, },\n}\n',
    };
    expect((runRule(strict, files).get(".") ?? []).map((verdict) => verdict.outcome)).toEqual([
      "pass",
    ]);
  });
});
