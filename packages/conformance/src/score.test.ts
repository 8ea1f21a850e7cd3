import { indexMemory } from "@paved/facts";
import { describe, expect, it } from "vitest";
import { auditIndex } from "./audit.js";
import type { Finding } from "./model.js";
import { renderMarkdown } from "./report/markdown.js";
import { renderPretty } from "./report/pretty.js";
import { manifest } from "./rules/rule-tester.js";
import { score } from "./score.js";

const finding = (ruleId: string, outcome: Finding["outcome"], project = "."): Finding => ({
  ruleId,
  station: ruleId.slice(0, ruleId.indexOf("/")) as Finding["station"],
  project,
  outcome,
  severity: "error",
  message: "",
  remediation: "",
});

describe("blind spots", () => {
  it("makes a station without its core evidence a blind spot, though another rule passed", () => {
    const result = score([
      finding("format/formatter-configured", "pass"),
      finding("format/check-in-line", "fail"),
    ]);
    const format = result.stations.find((station) => station.id === "format");
    expect(format?.status).toBe("partial");
    expect(result.blindSpots.map((spot) => spot.station)).toContain("format");
    expect(result.blindSpots.find((spot) => spot.station === "format")?.why).toBe(
      "no core evidence: the format enforced on the line (a CI check, an auto-format job, or the pre-commit hook), not only a formatter's config (format/check-in-line did not pass); format/check-in-line failed",
    );
  });

  it("claims no blind spot on core evidence it could not read, and says so", () => {
    const unread = score([
      finding("lint/linter-configured", "pass"),
      finding("lint/runs-in-line", "not-evaluated"),
    ]);
    expect(unread.blindSpots.map((spot) => spot.station)).not.toContain("lint");
    expect(unread.stations.find((station) => station.id === "lint")?.why).toBe(
      "core evidence unknown: a linter configured and run on the line (CI, a script CI runs, or the pre-commit hook), not only a linter's config (lint/runs-in-line could not be evaluated)",
    );
    // A failure in another project is missing evidence all the same.
    const failedToo = score([
      finding("lint/runs-in-line", "not-evaluated"),
      finding("lint/runs-in-line", "fail", "packages/a"),
    ]);
    expect(failedToo.blindSpots.map((spot) => spot.station)).toContain("lint");
  });

  it("says why a station that has its core evidence is only partial", () => {
    const result = score([
      finding("lint/linter-configured", "pass"),
      finding("lint/runs-in-line", "pass"),
      finding("lint/type-aware", "fail"),
      finding("lint/type-aware", "not-evaluated", "packages/a"),
    ]);
    expect(result.blindSpots.map((spot) => spot.station)).not.toContain("lint");
    expect(result.stations.find((station) => station.id === "lint")?.why).toBe(
      "lint/type-aware failed; lint/type-aware could not be evaluated",
    );
  });

  it("takes any one of a station's core rules as its core evidence", () => {
    const scriptOnly = score([finding("test/runner", "fail"), finding("test/script", "pass")]);
    expect(scriptOnly.blindSpots.map((spot) => spot.station)).not.toContain("test");
    const neither = score([
      finding("test/runner", "fail"),
      finding("test/script", "fail"),
      finding("test/coverage-threshold", "pass"),
    ]);
    expect(neither.blindSpots.find((spot) => spot.station === "test")?.why).toMatch(
      /^no core evidence: .* \(test\/runner or test\/script did not pass\)/,
    );
  });

  it("counts core evidence that passes in one package of several", () => {
    const result = score([
      finding("typecheck/strict", "pass", "packages/a"),
      finding("typecheck/strict", "fail", "packages/b"),
    ]);
    expect(result.blindSpots.map((spot) => spot.station)).not.toContain("typecheck");
  });

  it("leaves a waived core failure to its waiver", () => {
    const waived: Finding = {
      ...finding("review/codeowners", "fail"),
      waiver: { reason: "one maintainer", owner: "@me", expires: "2099-01-01", source: "x" },
    };
    const result = score([waived, finding("review/pr-template", "pass")]);
    expect(result.blindSpots.map((spot) => spot.station)).not.toContain("review");
  });
});

describe("blind spots of a whole repository", () => {
  const base = {
    "package.json": manifest({
      name: "app",
      prettier: "@paved/prettier-config",
      scripts: { lint: "eslint .", test: "vitest run", "format:check": "prettier --check ." },
    }),
    ".github/workflows/ci.yml":
      "on: [push]\npermissions: {}\njobs:\n  line:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: pnpm lint\n      - run: pnpm test\n",
  };
  const blindSpots = (files: Record<string, string>) =>
    auditIndex(indexMemory(files), "/repo").blindSpots.map((spot) => spot.station);

  it("reports a formatter configured but never checked on the line as a blind spot", () => {
    expect(blindSpots(base)).toContain("format");
    const checked = {
      ...base,
      ".github/workflows/ci.yml": base[".github/workflows/ci.yml"].replace(
        "      - run: pnpm test\n",
        "      - run: pnpm test\n      - run: pnpm format:check\n",
      ),
    };
    expect(blindSpots(checked)).not.toContain("format");
  });

  it("takes a type checker that CI runs as Typecheck's core evidence, without a strict tsconfig", () => {
    const declarations = {
      ...base,
      "index.js": "export const a = 1;\n",
      "index.d.ts": "export declare const a: number;\n",
    };
    expect(blindSpots(declarations)).toContain("typecheck");
    const typed = {
      ...declarations,
      "package.json": manifest({
        name: "app",
        prettier: "@paved/prettier-config",
        devDependencies: { tsd: "0.31.0" },
        scripts: { lint: "eslint .", test: "tsd && vitest run" },
      }),
    };
    expect(blindSpots(typed)).not.toContain("typecheck");
  });

  it("keeps Review a blind spot with a PR template alone, without CODEOWNERS", () => {
    const template = { ...base, ".github/pull_request_template.md": "## Why\n" };
    expect(blindSpots(template)).toContain("review");
    expect(blindSpots({ ...template, ".github/CODEOWNERS": "* @acme/team\n" })).not.toContain(
      "review",
    );
  });

  it("tells why in the terminal and Markdown reports", () => {
    const report = auditIndex(
      indexMemory({ ...base, ".github/pull_request_template.md": "## Why\n" }),
      "/repo",
    );
    expect(renderPretty(report, false)).toMatch(
      /Review: .* \(no core evidence: owners who must review each change \(CODEOWNERS\), not only a PR template \(review\/codeowners did not pass\); review\/codeowners failed\)/,
    );
    expect(renderMarkdown(report)).toMatch(
      /\*\*Format\*\* lets through: .*\. Why: no core evidence/,
    );
  });
});
