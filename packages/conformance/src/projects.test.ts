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

describe("project roles", () => {
  it("lists examples, playgrounds, fixtures, e2e apps, docs sites and benchmarks as non-products", () => {
    const index = indexMemory({
      "package.json": JSON.stringify({ private: true, workspaces: ["*", "packages/*"] }),
      "packages/lib/package.json": JSON.stringify({ name: "lib" }),
      "packages/docs/package.json": JSON.stringify({ name: "docs" }),
      "examples/package.json": JSON.stringify({ name: "ex" }),
      "playground/package.json": JSON.stringify({ name: "pg" }),
      "bench/package.json": JSON.stringify({ name: "bench" }),
      "e2e/package.json": JSON.stringify({ name: "e2e" }),
      "packages/cart-e2e/package.json": JSON.stringify({ name: "cart-e2e" }),
      "packages/e2e-utils/package.json": JSON.stringify({ name: "e2e-utils" }),
    });
    const roles = Object.fromEntries(discoverProjects(index).map((p) => [p.dir, p.role]));
    expect(roles).toEqual({
      "": "product",
      "packages/lib": "product",
      "packages/docs": "docs",
      examples: "example",
      playground: "playground",
      bench: "benchmark",
      e2e: "e2e",
      // Nx's end-to-end project for an app; a library of e2e helpers is a product.
      "packages/cart-e2e": "e2e",
      "packages/e2e-utils": "product",
    });
  });

  it("judges a workspace root that is the package it publishes as a package too", () => {
    const files = (fields: Record<string, unknown>) =>
      indexMemory({
        "package.json": JSON.stringify({ workspaces: ["playground"], ...fields }),
        "playground/package.json": JSON.stringify({ name: "pg", private: true }),
      });
    const [published] = discoverProjects(files({ name: "h3", exports: "./dist/index.mjs" }));
    expect(published?.kinds).toEqual(["workspace-root", "library"]);
    const [privateRoot] = discoverProjects(files({ name: "root", private: true, main: "x.js" }));
    expect(privateRoot?.kinds).toEqual(["workspace-root"]);
  });
});
