import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import dependencyAudit from "./dependency-audit.js";
import lockfile from "./lockfile.js";
import policy from "./policy.js";
import sast from "./sast.js";
import secretScanning from "./secret-scanning.js";

const steps = (...lines: string[]) =>
  `on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n${lines.map((line) => `      - ${line}`).join("\n")}\n`;
const repo = (workflow: string, extra: Record<string, string> = {}) => ({
  "package.json": manifest({}),
  ".github/workflows/security.yml": workflow,
  ...extra,
});

describe("security rules where CI runs another repository's workflow", () => {
  const remote = repo(
    "on: pull_request\njobs:\n  quality:\n    uses: acme/workflows/.github/workflows/quality.yml@v7\n",
  );

  it("cannot say no scan runs, and says what it did not read", () => {
    for (const rule of [dependencyAudit, sast, secretScanning]) {
      const [verdict] = runRule(rule, remote).get(".") ?? [];
      expect(verdict?.outcome).toBe("not-evaluated");
      expect(verdict?.outcome === "not-evaluated" ? verdict.reason : "").toContain(
        "acme/workflows/.github/workflows/quality.yml@v7",
      );
    }
    // A scan it can read still passes.
    expect(
      outcomes(dependencyAudit, {
        ...remote,
        ".github/workflows/audit.yml": steps("run: npm audit --omit=dev"),
      }),
    ).toEqual(["pass"]);
  });
});

describe("security rules", () => {
  it("lockfile: pnpm, npm, Yarn or Bun", () => {
    expect(outcomes(lockfile, { "package.json": manifest({}), "yarn.lock": "" })).toEqual(["pass"]);
    expect(outcomes(lockfile, { "package.json": manifest({}) })).toEqual(["fail"]);
  });

  it("dependency-audit: a command or dependency-review-action", () => {
    expect(outcomes(dependencyAudit, repo(steps("run: pnpm audit --prod")))).toEqual(["pass"]);
    expect(
      outcomes(
        dependencyAudit,
        repo(
          steps("uses: actions/dependency-review-action@3b139cfc5fae8b618d3eae3675e383bb1769c019"),
        ),
      ),
    ).toEqual(["pass"]);
    expect(outcomes(dependencyAudit, repo(steps("run: npm test")))).toEqual(["fail"]);
  });

  it("secret-scanning: gitleaks in CI or in the hook", () => {
    expect(
      outcomes(
        secretScanning,
        repo(steps("uses: gitleaks/gitleaks-action@ff98106e4c7b2bc287b24eaf42907196329070c7")),
      ),
    ).toEqual(["pass"]);
    expect(
      outcomes(
        secretScanning,
        repo(steps("run: npm test"), { ".husky/pre-commit": "gitleaks protect --staged\n" }),
      ),
    ).toEqual(["pass"]);
    expect(outcomes(secretScanning, repo(steps("run: npm test")))).toEqual(["fail"]);
  });

  it("sast: CodeQL or Semgrep", () => {
    expect(
      outcomes(
        sast,
        repo(steps("uses: github/codeql-action/init@b8d3b6e8af63cde30bdc382c0bc28114f4346c88")),
      ),
    ).toEqual(["pass"]);
    expect(outcomes(sast, repo(steps("run: semgrep ci")))).toEqual(["pass"]);
    expect(outcomes(sast, repo(steps("run: npm test")))).toEqual(["fail"]);
  });

  it("policy: SECURITY.md at the root or in .github", () => {
    expect(
      outcomes(policy, { "package.json": manifest({}), ".github/SECURITY.md": "# Security" }),
    ).toEqual(["pass"]);
    expect(outcomes(policy, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("security: what GitHub reads, and fixes in the repository's terms", () => {
  const workflow = (run: string) =>
    `on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it("finds a security policy whatever its name's case", () => {
    const files = { "package.json": manifest({}), ".github/security.md": "# Security\n" };
    expect(outcomes(policy, files)).toEqual(["pass"]);
  });

  it("does not take npm audit signatures for a vulnerability audit", () => {
    const signatures = {
      "package.json": manifest({}),
      ".github/workflows/ci.yml": workflow("npm audit signatures"),
    };
    expect(outcomes(dependencyAudit, signatures)).toEqual(["fail"]);
    const both = {
      "package.json": manifest({}),
      ".github/workflows/ci.yml": workflow("npm audit signatures && npm audit --omit=dev"),
    };
    expect(outcomes(dependencyAudit, both)).toEqual(["pass"]);
  });

  it("names the repository's package manager and what paved ci renders", () => {
    const yarn = { "package.json": manifest({ packageManager: "yarn@4.5.0" }) };
    expect(runRule(lockfile, yarn).get(".")?.[0]?.remediation).toContain(
      "yarn install --immutable",
    );
    expect(runRule(dependencyAudit, yarn).get(".")?.[0]?.remediation).toContain(
      "yarn npm audit --environment production",
    );
    expect(secretScanning.meta.remediation).toContain("trufflesecurity/trufflehog");
    const gitlab = {
      "package.json": manifest({}),
      ".gitlab-ci.yml": "test:\n  script: [npm test]\n",
    };
    expect(runRule(secretScanning, gitlab).get(".")?.[0]?.remediation).toContain(
      "Jobs/Secret-Detection.gitlab-ci.yml",
    );
  });
});

describe("security/lockfile: runtimes that lock npm packages", () => {
  it("passes on deno.lock, which `deno install` writes", () => {
    expect(
      outcomes(lockfile, {
        "package.json": manifest({ scripts: { setup: "deno install" } }),
        "deno.lock": "{}",
      }),
    ).toEqual(["pass"]);
  });
});

describe("security rules on Travis CI and Azure Pipelines", () => {
  it("fits the advice to .travis.yml where it is the only CI", () => {
    const files = {
      "package.json": manifest({}),
      "package-lock.json": "{}",
      ".travis.yml": "language: node_js\nscript: npm test\n",
    };
    expect(runRule(dependencyAudit, files).get(".")?.[0]?.remediation).toBe(
      "Run `npm audit --omit=dev` (or OSV-Scanner) in the `script` of a job of .travis.yml.",
    );
    expect(runRule(secretScanning, files).get(".")?.[0]?.remediation).toMatch(
      /^Run TruffleHog in the `script` of a job of \.travis\.yml/,
    );
    const audited = { ...files, ".travis.yml": "language: node_js\nafter_success: npm audit\n" };
    expect(runRule(dependencyAudit, audited).get(".")?.[0]?.outcome).toBe("pass");
  });

  it("fits the advice to azure-pipelines.yml where it is the only CI", () => {
    const files = {
      "package.json": manifest({}),
      "package-lock.json": "{}",
      "azure-pipelines.yml": "steps:\n  - script: npm test\n",
    };
    expect(runRule(dependencyAudit, files).get(".")?.[0]?.remediation).toBe(
      "Run `npm audit --omit=dev` (or OSV-Scanner) in a `script` step of a job of azure-pipelines.yml.",
    );
    expect(runRule(secretScanning, files).get(".")?.[0]?.remediation).toMatch(
      /^Run TruffleHog in a `script` step of a job of azure-pipelines\.yml/,
    );
  });
});

describe("security rules on CircleCI", () => {
  const files = (run: string) => ({
    "package.json": manifest({}),
    "package-lock.json": "{}",
    ".circleci/config.yml": `version: 2.1\njobs:\n  line:\n    docker: [{ image: cimg/node:22.12 }]\n    steps:\n      - checkout\n      - run: ${run}\n`,
  });

  it("credits a scan in a run step, and fits the advice to CircleCI", () => {
    expect(runRule(dependencyAudit, files("npm audit --omit=dev")).get(".")?.[0]?.message).toBe(
      "CI audits dependencies: `npm audit --omit=dev`.",
    );
    const none = files("npm test");
    expect(runRule(dependencyAudit, none).get(".")?.[0]?.remediation).toBe(
      "Run `npm audit --omit=dev` (or OSV-Scanner) in a CircleCI job of .circleci/config.yml.",
    );
    expect(runRule(secretScanning, none).get(".")?.[0]?.remediation).toMatch(
      /^Run TruffleHog in a CircleCI job of \.circleci\/config\.yml/,
    );
  });
});
