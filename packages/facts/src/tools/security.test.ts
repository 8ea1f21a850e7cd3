import { describe, expect, it } from "vitest";
import { Facts } from "../facts.js";
import { indexMemory } from "../repo/repo-index.js";
import { securityScans } from "./security.js";

const scans = (files: Record<string, string>) =>
  new Facts(indexMemory(files))
    .get(securityScans)
    .map((scan) => [scan.tool.id, scan.by, scan.at.path, scan.at.line]);
const workflow = (...steps: string[]) =>
  `on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - ${step}\n`).join("")}`;

describe("security-scans: the scanners the line runs", () => {
  it("finds audits run through a package script and actions by name, not `npm audit signatures`", () => {
    const files = {
      "package.json": JSON.stringify({ scripts: { "audit:prod": "pnpm audit --prod" } }),
      ".github/workflows/ci.yml": workflow(
        "run: npm audit signatures",
        "run: pnpm run audit:prod",
        "uses: github/codeql-action/init@v3",
        "uses: trufflesecurity/trufflehog@main",
      ),
    };
    expect(scans(files)).toEqual([
      ["package-manager-audit", "ci-command", ".github/workflows/ci.yml", 7],
      ["codeql", "ci-action", ".github/workflows/ci.yml", 8],
      ["trufflehog", "ci-action", ".github/workflows/ci.yml", 9],
    ]);
  });

  it("reads GitLab's included templates at their lines", () => {
    const files = {
      "package.json": "{}",
      ".gitlab-ci.yml":
        "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n  - template: Jobs/Secret-Detection.gitlab-ci.yml\n  - local: ci/other.yml\ntest:\n  script: npm test\n",
    };
    expect(scans(files)).toEqual([
      ["gitlab-sast", "gitlab-template", ".gitlab-ci.yml", 2],
      ["gitlab-secret-detection", "gitlab-template", ".gitlab-ci.yml", 3],
    ]);
  });

  it("finds a secret scanner in the pre-commit hook, not a mention in a comment", () => {
    const framework = {
      "package.json": "{}",
      ".pre-commit-config.yaml":
        "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    rev: v8.18.0\n    hooks:\n      - id: gitleaks\n",
    };
    expect(scans(framework)).toEqual([["gitleaks", "pre-commit", ".pre-commit-config.yaml", 5]]);
    const comment = {
      "package.json": "{}",
      ".husky/pre-commit": "# TODO: run gitleaks here\nnpx lint-staged\n",
    };
    expect(scans(comment)).toEqual([]);
  });
});
