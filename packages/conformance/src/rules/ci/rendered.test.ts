import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { audit } from "@paved/conformance";
import { afterAll, describe, expect, it } from "vitest";
import { renderGithub } from "./github.js";
import { renderGitlab } from "./gitlab.js";
import { scripts } from "./testing/scripts.js";

describe("the auditor on a rendered pipeline", () => {
  const scratch = mkdtempSync(join(tmpdir(), "paved-ci-audit-"));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    ["github", renderGithub({ scripts, version: "0.1.0", release: true })],
    ["github-nx", renderGithub({ scripts, version: "0.1.0", release: true, affected: true })],
    ["gitlab", renderGitlab({ scripts, version: "0.1.0", node: "24", release: true })],
    [
      "gitlab-nx",
      renderGitlab({ scripts, version: "0.1.0", node: "24", release: true, affected: true }),
    ],
  ])("scores the CI station complete, with no security findings: %s", (name, pipeline) => {
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "acme", private: true, scripts }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "SECURITY.md": "Report vulnerabilities privately, never in a public issue.\n",
      ...Object.fromEntries(pipeline.files),
    };
    const dir = join(scratch, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
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
