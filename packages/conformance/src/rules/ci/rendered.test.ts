// Pipelines and update-bot configs as `paved ci` renders them, audited on disk like any checkout.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  pipelineInputs,
  renderGithub,
  renderGitlab,
  renderPipeline,
  renderUpdates,
  type UpdateBot,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "../../audit.js";
import { manifest, runRule } from "../rule-tester.js";
import pipelineIntact from "./pipeline-intact.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-conformance-rendered-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A package.json's scripts with one for every station. */
const scripts = {
  "format:check": "prettier --check .",
  lint: "eslint .",
  typecheck: "tsc -b",
  test: "vitest run",
  build: "tsc -b",
};
const version = ciManifest.version;
/** The road's own toolchain: pnpm pinned, its lockfile, Node in .nvmrc. */
const pm = "pnpm@10.34.8";
const road = { "pnpm-lock.yaml": "lockfileVersion: '9.0'\n", ".nvmrc": "24\n" };

function write(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("the auditor on a rendered pipeline", () => {
  it.each([
    ["github", renderGithub({ scripts, version, release: true })],
    ["github-nx", renderGithub({ scripts, version, release: true, affected: true })],
    ["gitlab", renderGitlab({ scripts, version, node: "24", release: true })],
    ["gitlab-nx", renderGitlab({ scripts, version, node: "24", release: true, affected: true })],
  ])("scores the CI station complete, with no security findings: %s", (name, pipeline) => {
    const dir = write(name, {
      "package.json": JSON.stringify({ name: "acme", private: true, packageManager: pm, scripts }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "SECURITY.md": "Report vulnerabilities privately, never in a public issue.\n",
      ".changeset/config.json": "{}\n",
      ".nvmrc": "24\n",
      ...(name.endsWith("-nx") ? { "nx.json": "{}\n" } : {}),
      ...Object.fromEntries(pipeline.files),
    });
    const report = audit(dir);
    const station = (id: string) => report.findings.filter((finding) => finding.station === id);
    // Every CI rule passes or does not apply (pull_request_target's: the pipeline never uses it;
    // on GitLab, the GitHub-only rules).
    const outcomes = Object.fromEntries(
      station("ci").map((finding) => [finding.ruleId, finding.outcome]),
    );
    expect(outcomes).toEqual({
      "ci/pipeline-present": "pass",
      "ci/runs-stations": "pass",
      "ci/actions-pinned": name.startsWith("github") ? "pass" : "not-applicable",
      "ci/permissions": name.startsWith("github") ? "pass" : "not-applicable",
      "ci/pull-request-target": "not-applicable",
      "ci/timeouts": "pass",
      "ci/pipeline-intact": "pass",
    });
    expect(report.stations.find((entry) => entry.id === "ci")?.score).toBe(100);
    expect(station("security").filter((finding) => finding.outcome !== "pass")).toEqual([]);
    expect(
      report.findings.find((finding) => finding.ruleId === "format/check-in-line")?.outcome,
    ).toBe("pass");
  });
});

describe("the auditor on a rendered update-bot config", () => {
  it.each(["renovate", "dependabot"] as UpdateBot[])(
    "passes the dependency-updates station: %s",
    (bot) => {
      const dir = write(bot, { "package.json": "{}", ...Object.fromEntries(renderUpdates(bot)) });
      const finding = audit(dir).findings.find(
        (entry) => entry.ruleId === "dependency-updates/bot",
      );
      expect(finding?.outcome).toBe("pass");
    },
  );
});

describe("ci/pipeline-intact", () => {
  const github = renderGithub({ scripts, version });
  const ci = github.files.get(".github/workflows/ci.yml") ?? "";
  const repository = (files: Record<string, string>) => ({
    "package.json": manifest({ name: "acme", private: true, packageManager: pm, scripts }),
    ...road,
    ...Object.fromEntries(github.files),
    ...files,
  });
  const verdicts = (files: Record<string, string>) =>
    runRule(pipelineIntact, repository(files)).get(".") ?? [];
  /** A header over `body` with its hash recomputed, as anyone can. */
  const forge = (body: string, header = version) =>
    `# paved-ci: ${header} sha256:${createHash("sha256").update(body).digest("hex")}\n${body}`;
  const bodyOf = (text: string) => text.slice(text.indexOf("\n") + 1);

  it("passes pipelines as paved ci renders them for this repository", () => {
    expect(verdicts({}).map((verdict) => verdict.outcome)).toEqual(["pass"]);
  });

  it("fails a forged header over an edited pipeline, at the first line that differs", () => {
    const edited = bodyOf(ci).replace("contents: read", "contents: write");
    const [verdict] = verdicts({ ".github/workflows/ci.yml": forge(edited) });
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toMatch(
      /^\.github\/workflows\/ci\.yml differs from what `paved ci` renders/,
    );
    const line = ci.split("\n").findIndex((text) => text.includes("contents: read")) + 1;
    expect(verdict?.location).toEqual({ path: ".github/workflows/ci.yml", line });
  });

  it("fails a hand-written workflow given a forged header", () => {
    const [verdict] = verdicts({
      ".github/workflows/deploy.yml": forge("on: push\njobs: {}\n"),
    });
    expect(verdict).toMatchObject({
      outcome: "fail",
      message:
        ".github/workflows/deploy.yml carries a paved ci header, but paved ci renders no such file for this repository.",
    });
  });

  it("fails a pipeline rendered from other inputs than the repository's", () => {
    // ci.yml runs a test step, but this package has no test script: paved ci would not render it.
    const { test: _, ...withoutTest } = scripts;
    expect(
      verdicts({
        "package.json": manifest({ name: "acme", packageManager: pm, scripts: withoutTest }),
      }).map((verdict) => verdict.outcome),
    ).toEqual(["fail"]);
  });

  it("reads changesets and Nx from the repository, as paved ci does", () => {
    const nx = renderGithub({ scripts, version, release: true, affected: true });
    const files = {
      ...Object.fromEntries(nx.files),
      ".changeset/config.json": "{}",
      "nx.json": "{}",
    };
    expect(verdicts(files).map((verdict) => verdict.outcome)).toEqual(["pass"]);
    const { "nx.json": _, ...withoutNx } = files;
    expect(verdicts(withoutNx).map((verdict) => verdict.outcome)).toEqual(["fail"]);
  });

  it("fails one rendered by an older preset, and does not evaluate a newer one", () => {
    const [outdated] = verdicts({ ".github/workflows/ci.yml": forge(bodyOf(ci), "0.0.1") });
    expect(outdated).toMatchObject({
      outcome: "fail",
      message: `.github/workflows/ci.yml was rendered by @paved/ci 0.0.1; ${version} is current: run \`paved ci\` to render it again.`,
    });
    const [newer] = verdicts({ ".github/workflows/ci.yml": forge(bodyOf(ci), "99.0.0") });
    expect(newer?.outcome).toBe("not-evaluated");
    expect(newer?.reason).toMatch(/@paved\/ci 99\.0\.0/);
  });

  it("checks a GitLab pipeline against .nvmrc, and says so when .nvmrc cannot pin an image", () => {
    const gitlab = renderGitlab({ scripts, version, node: "24" }).files;
    const files = {
      "package.json": manifest({ name: "acme", packageManager: pm, scripts }),
      "pnpm-lock.yaml": "",
      ...Object.fromEntries(gitlab),
    };
    const only = (extra: Record<string, string>) =>
      runRule(pipelineIntact, { ...files, ...extra }).get(".") ?? [];
    expect(only({ ".nvmrc": "24\n" }).map((verdict) => verdict.outcome)).toEqual(["pass"]);
    expect(only({ ".nvmrc": "22\n" }).map((verdict) => verdict.outcome)).toEqual(["fail"]);
    const [alias] = only({ ".nvmrc": "lts/*\n" });
    expect(alias?.outcome).toBe("not-evaluated");
    expect(alias?.reason).toMatch(/^\.nvmrc: 'lts\/\*' is not a Node version/);
  });

  it("renders with the repository's own package manager, as paved ci does", () => {
    // An npm repository: the road's pnpm pipeline is not what paved ci renders for it.
    const npmRepo = {
      "package.json": manifest({ name: "acme", private: true, scripts }),
      "package-lock.json": "{}",
      ".nvmrc": "24\n",
    };
    const pnpmPipeline = runRule(pipelineIntact, {
      ...npmRepo,
      ...Object.fromEntries(github.files),
    });
    expect((pnpmPipeline.get(".") ?? []).map((verdict) => verdict.outcome)).toContain("fail");
    const npmPipeline = renderPipeline(
      "github",
      pipelineInputs(
        (path) => (npmRepo as Record<string, string>)[path],
        (path) => path in npmRepo,
        JSON.parse(npmRepo["package.json"]) as Record<string, unknown>,
      ).inputs,
      version,
    );
    expect(npmPipeline.files.get(".github/workflows/ci.yml")).toContain("run: npm ci");
    expect(
      (
        runRule(pipelineIntact, { ...npmRepo, ...Object.fromEntries(npmPipeline.files) }).get(
          ".",
        ) ?? []
      ).map((verdict) => verdict.outcome),
    ).toEqual(["pass"]);
  });

  it("does not apply to pipelines written by hand", () => {
    expect(
      (
        runRule(pipelineIntact, {
          "package.json": "{}",
          ".github/workflows/ci.yml": "on: push\n",
        }).get(".") ?? []
      ).map((verdict) => verdict.outcome),
    ).toEqual(["not-applicable"]);
  });
});
