import { auditIndex, type Report } from "../../audit.js";
import { indexMemory } from "@paved/facts";

/**
 * A small workspace that exercises every part of a report: passes, failures with a file and a
 * line (an unpinned action, whose reference holds a `|`), a not-evaluated finding (a broken
 * tsconfig.json), a workflow whose name needs URI escaping, blind spots and a service project.
 */
export const sampleFiles: Record<string, string> = {
  "package.json": JSON.stringify({
    name: "sample",
    private: true,
    workspaces: ["packages/*"],
    prettier: "@paved/prettier-config",
    engines: { node: ">=22.12" },
  }),
  "packages/api/package.json": JSON.stringify({
    name: "api",
    private: true,
    scripts: { start: "node index.js", test: "vitest run" },
    dependencies: { fastify: "5.0.0" },
  }),
  "packages/lib/package.json": JSON.stringify({ name: "lib", version: "1.0.0" }),
  "packages/lib/tsconfig.json": "{ broken",
  ".github/workflows/ci #1.yml": [
    "on: push",
    "jobs:",
    "  check:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4|main",
    "      - run: npx prettier --check .",
    "",
  ].join("\n"),
};

export function sampleReport(): Report {
  return auditIndex(indexMemory(sampleFiles), "/repos/sample");
}
