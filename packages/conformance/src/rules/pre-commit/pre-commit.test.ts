import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import hookManager from "./hook-manager.js";
import stagedChecks from "./staged-checks.js";

describe("pre-commit rules", () => {
  it("recognise husky with lint-staged", () => {
    const files = {
      "package.json": manifest({}),
      ".husky/pre-commit": "lint-staged\n",
      "lint-staged.config.js": "export default {}",
    };
    expect(outcomes(hookManager, files)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, files)).toEqual(["pass"]);
  });

  it("read lefthook's JSON config too", () => {
    const files = {
      "package.json": manifest({}),
      "lefthook.json":
        '{ "pre-commit": { "commands": { "lint": { "run": "npx eslint {staged_files}" } } } }',
    };
    expect(outcomes(hookManager, files)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, files)).toEqual(["pass"]);
  });

  it("recognise lefthook and simple-git-hooks", () => {
    const lefthook = {
      "package.json": manifest({}),
      "lefthook.yml": "pre-commit:\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n",
    };
    expect(outcomes(hookManager, lefthook)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, lefthook)).toEqual(["pass"]);
    const simple = {
      "package.json": manifest({
        "simple-git-hooks": { "pre-commit": "npx lint-staged" },
        "lint-staged": { "*.ts": "eslint" },
      }),
    };
    expect(outcomes(hookManager, simple)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, simple)).toEqual(["pass"]);
  });

  it("follow the hook through a package script (pnpm run pre-commit → lint-staged)", () => {
    const files = {
      "package.json": manifest({ scripts: { "pre-commit": "lint-staged" } }),
      ".husky/pre-commit": "pnpm run pre-commit\n",
      ".lintstagedrc.json": "{}",
    };
    expect(outcomes(stagedChecks, files)).toEqual(["pass"]);
  });

  it("fail when the hook runs nothing or there is no hook", () => {
    const idle = {
      "package.json": manifest({}),
      ".husky/pre-commit": "echo hi\n",
      ".lintstagedrc": "{}",
    };
    expect(outcomes(stagedChecks, idle)).toEqual(["fail"]);
    expect(outcomes(hookManager, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("pre-commit: the hook managers of @paved/stations", () => {
  it("recognises yorkie's gitHooks and husky 4's key, with lint-staged in package.json", () => {
    const yorkie = {
      "package.json": manifest({
        gitHooks: { "pre-commit": "lint-staged" },
        "lint-staged": { "*.js": ["eslint --fix"] },
        devDependencies: { yorkie: "^2.0.0" },
      }),
    };
    expect(outcomes(hookManager, yorkie)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, yorkie)).toEqual(["pass"]);
    const husky4 = {
      "package.json": manifest({
        husky: { hooks: { "pre-commit": "lint-staged" } },
        "lint-staged": { "*.js": "prettier --write" },
      }),
    };
    expect(outcomes(hookManager, husky4)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, husky4)).toEqual(["pass"]);
    // Left over under husky 5 and later, which read no hooks from package.json.
    const hooksIn = (range: string) => ({
      "package.json": manifest({
        husky: { hooks: { "pre-commit": "lint-staged" } },
        devDependencies: { husky: range },
      }),
    });
    expect(outcomes(hookManager, hooksIn("^9.0.11"))).toEqual(["fail"]);
    expect(outcomes(hookManager, hooksIn("^3.1.0"))).toEqual(["pass"]);
  });

  it("runs husky 4's `precommit` script, which husky 9 ignores, and fixes husky 4 its own way", () => {
    const husky = (range: string, scripts: Record<string, string>) => ({
      "package.json": manifest({
        scripts,
        "lint-staged": { "*.js": "prettier --write" },
        devDependencies: { husky: range },
      }),
    });
    const four = husky("^4.3.0", { precommit: "lint-staged" });
    expect(outcomes(hookManager, four)).toEqual(["pass"]);
    expect(outcomes(stagedChecks, four)).toEqual(["pass"]);
    expect(outcomes(hookManager, husky("^9.1.0", { precommit: "lint-staged" }))).toEqual(["fail"]);
    const [unhooked] = runRule(hookManager, husky("4.3.0", {})).get(".") ?? [];
    expect(unhooked?.remediation).toBe(
      'husky 4 reads its hooks from package.json: add `"husky": { "hooks": { "pre-commit": "lint-staged" } }` (the .husky/ directory is husky 5 and later\'s).',
    );
  });

  it("tells a lefthook repository to add a lefthook command, not to add husky", () => {
    const files = {
      "package.json": manifest({ devDependencies: { lefthook: "^1.0.0" } }),
    };
    const [verdict] = runRule(hookManager, files).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.remediation).toMatch(/lefthook is already installed/);
    expect(verdict?.remediation).not.toMatch(/husky/);
    const none = runRule(hookManager, { "package.json": manifest({}), "yarn.lock": "" }).get(".");
    expect(none?.[0]?.remediation).toContain("yarn add -D husky lint-staged");
  });
});

describe("pre-commit/staged-checks: what the hook runs, from the commit-commands fact", () => {
  it("passes on a hook that runs a linter itself, or through a package script", () => {
    const direct = {
      "package.json": manifest({ "simple-git-hooks": { "pre-commit": "npx oxlint --fix" } }),
    };
    expect(outcomes(stagedChecks, direct)).toEqual(["pass"]);
    const viaScript = {
      "package.json": manifest({ scripts: { lint: "eslint ." } }),
      "lefthook.yml": "pre-commit:\n  commands:\n    lint:\n      run: pnpm lint\n",
    };
    expect(runRule(stagedChecks, viaScript).get(".")?.[0]).toMatchObject({
      outcome: "pass",
      location: { path: "lefthook.yml", line: 4 },
    });
  });

  it("fails on a hook that only runs a script of its own, naming the hook", () => {
    const files = {
      "package.json": manifest({
        "simple-git-hooks": { "pre-commit": "./test/check-versions.js" },
      }),
    };
    const [verdict] = runRule(stagedChecks, files).get(".") ?? [];
    expect(verdict).toMatchObject({ outcome: "fail", location: { path: "package.json" } });
    expect(verdict?.message).toMatch(
      /simple-git-hooks's pre-commit hook \(package\.json\) neither lints nor formats/,
    );
  });

  it("cannot evaluate a hook config it cannot read", () => {
    const files = { "package.json": manifest({}), "lefthook.yml": "pre-commit: [unclosed\n" };
    expect(outcomes(stagedChecks, files)).toEqual(["not-evaluated"]);
  });
});
