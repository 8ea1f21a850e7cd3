import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../cli.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-cli-ci-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;
function project(
  scripts: Record<string, string> | string = { lint: "eslint .", test: "vitest run" },
): string {
  counter += 1;
  const dir = join(scratch, `case-${String(counter)}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    typeof scripts === "string" ? scripts : JSON.stringify({ name: "x", scripts }),
  );
  return dir;
}
const io = (cwd: string): Io => ({ cwd, env: {}, stdoutIsTerminal: false });
const ci = (dir: string, ...args: string[]) => run(["ci", ...args], io(dir));

describe("paved ci", () => {
  it("writes the pipeline, says which stations have no script, and is then up to date", () => {
    const dir = project();
    const written = ci(dir);
    expect(written.exitCode).toBe(0);
    expect(written.stdout).toMatch(
      /^Wrote \.github\/workflows\/ci\.yml, \.github\/workflows\/security\.yml, renovate\.json \(@paved\/ci \d+\.\d+\.\d+\)\.\n/,
    );
    expect(written.stdout).toContain("No script for: format, typecheck, build");
    const workflow = readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8");
    expect(workflow).toMatch(/^# paved-ci: \S+ sha256:[0-9a-f]{64}\n/);
    expect(workflow).toContain("run: pnpm run lint");
    expect(workflow).not.toContain("pnpm run typecheck");
    expect(ci(dir, "--check")).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^Pipeline up to date\./) as unknown,
    });
  });

  it("--check names a hand edit, a missing file and a change of scripts, and writes nothing", () => {
    const dir = project();
    ci(dir);
    const path = join(dir, ".github/workflows/ci.yml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace("timeout-minutes: 20", "timeout-minutes: 600"),
    );
    rmSync(join(dir, ".github/workflows/security.yml"));
    const check = ci(dir, "--check");
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(
      "  .github/workflows/ci.yml: edited by hand since paved ci wrote it",
    );
    expect(check.stderr).toContain("  .github/workflows/security.yml: missing");
    expect(readFileSync(path, "utf8")).toContain("timeout-minutes: 600");
    // Rewriting restores it; a new script then makes the pipeline stale, not edited.
    expect(ci(dir).exitCode).toBe(0);
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ scripts: { lint: "eslint .", test: "vitest", build: "tsc" } }),
    );
    const stale = ci(dir, "--check");
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/ci\.yml: written by @paved\/ci \S+; this is \S+/);
  });

  it("runs pull requests' stations for the affected projects in an Nx workspace", () => {
    const dir = project();
    writeFileSync(join(dir, "nx.json"), "{}");
    ci(dir);
    expect(readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8")).toContain(
      "run: pnpm exec nx affected -t lint test",
    );
  });

  it("adds the release workflow where the repository uses changesets", () => {
    const dir = project();
    mkdirSync(join(dir, ".changeset"));
    writeFileSync(join(dir, ".changeset", "config.json"), "{}");
    expect(ci(dir).stdout).toContain(".github/workflows/release.yml");
    expect(readFileSync(join(dir, ".github/workflows/release.yml"), "utf8")).toContain(
      "changesets/action/publish@",
    );
  });

  it("configures the update bot asked for where none is, and leaves an existing one alone", () => {
    const dir = project();
    expect(ci(dir, "--updates", "dependabot").stdout).toContain(".github/dependabot.yml");
    expect(existsSync(join(dir, "renovate.json"))).toBe(false);
    writeFileSync(join(dir, ".github/dependabot.yml"), "version: 2\nupdates: []\n");
    expect(ci(dir, "--check").exitCode).toBe(0);
    expect(ci(dir).stdout).not.toContain("dependabot.yml");
    expect(readFileSync(join(dir, ".github/dependabot.yml"), "utf8")).toBe(
      "version: 2\nupdates: []\n",
    );
    rmSync(join(dir, ".github/dependabot.yml"));
    expect(ci(dir, "--check").stderr).toContain(
      "  renovate.json: missing (no dependency-update bot is configured)",
    );
    expect(ci(dir, "--updates", "greenkeeper").stderr).toMatch(
      /--updates must be renovate or dependabot/,
    );
  });

  it("never replaces a workflow it did not write, unless forced", () => {
    const dir = project();
    mkdirSync(join(dir, ".github/workflows"), { recursive: true });
    writeFileSync(join(dir, ".github/workflows/ci.yml"), "name: mine\n");
    const refused = ci(dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("were not written by paved ci, and nothing was written");
    expect(readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8")).toBe("name: mine\n");
    expect(ci(dir, "--check").stderr).toContain("ci.yml: not written by paved ci");
    expect(ci(dir, "--force").exitCode).toBe(0);
    expect(readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8")).toContain("paved-ci:");
  });

  it("renders GitLab CI with --provider gitlab, Node pinned from .nvmrc, and keeps to it", () => {
    const dir = project();
    writeFileSync(join(dir, ".nvmrc"), "24.11.1\n");
    const written = ci(dir, "--provider", "gitlab");
    expect(written.exitCode).toBe(0);
    expect(written.stdout).toMatch(/^Wrote \.gitlab-ci\.yml, renovate\.json \(@paved\/ci /);
    expect(existsSync(join(dir, ".github"))).toBe(false);
    const path = join(dir, ".gitlab-ci.yml");
    const pipeline = readFileSync(path, "utf8");
    expect(pipeline).toMatch(/^# paved-ci: \S+ sha256:[0-9a-f]{64}\n/);
    expect(pipeline).toContain("  image: node:24.11.1\n");
    expect(pipeline).toContain("    - pnpm run lint\n");
    // A .gitlab-ci.yml and no GitHub workflows: GitLab is the default from now on.
    expect(ci(dir, "--check").exitCode).toBe(0);
    writeFileSync(join(dir, ".nvmrc"), "24.12.0\n");
    expect(ci(dir, "--check").stderr).toMatch(
      /\.gitlab-ci\.yml: written by @paved\/ci \S+; this is/,
    );
    writeFileSync(path, pipeline.replace("timeout: 20 minutes", "timeout: 6 hours"));
    expect(ci(dir, "--check").stderr).toContain(
      "  .gitlab-ci.yml: edited by hand since paved ci wrote it",
    );
    expect(ci(dir).exitCode).toBe(0);
    expect(readFileSync(path, "utf8")).toContain("  image: node:24.12.0\n");
  });

  it("paved audit reports a pipeline an older preset rendered as outdated", () => {
    const dir = project();
    ci(dir);
    const path = join(dir, ".github/workflows/ci.yml");
    const body = readFileSync(path, "utf8").replace(/^.*\n/, "");
    const hash = createHash("sha256").update(body).digest("hex");
    const finding = () =>
      (
        JSON.parse(run(["audit", dir, "--format", "json"], io(dir)).stdout) as {
          findings: { ruleId: string; outcome: string; message: string }[];
        }
      ).findings.filter((entry) => entry.ruleId === "ci/pipeline-intact");
    expect(finding().map((entry) => entry.outcome)).toEqual(["pass"]);
    writeFileSync(path, `# paved-ci: 0.0.1 sha256:${hash}\n${body}`);
    expect(finding()).toMatchObject([
      {
        outcome: "fail",
        message: expect.stringMatching(
          /^\.github\/workflows\/ci\.yml was rendered by @paved\/ci 0\.0\.1; \S+ is current/,
        ) as unknown,
      },
    ]);
  });

  it("on GitLab, needs a Node version in .nvmrc and refuses Dependabot", () => {
    const dir = project();
    expect(ci(dir, "--provider", "gitlab")).toMatchObject({
      exitCode: 2,
      stderr: expect.stringMatching(/\.nvmrc: no \.nvmrc; write the Node version/) as unknown,
    });
    writeFileSync(join(dir, ".nvmrc"), "lts/*\n");
    expect(ci(dir, "--provider", "gitlab").stderr).toMatch(
      /\.nvmrc: 'lts\/\*' is not a Node version a container image can be pinned to/,
    );
    writeFileSync(join(dir, ".nvmrc"), "24\n");
    expect(ci(dir, "--provider", "gitlab", "--updates", "dependabot").stderr).toMatch(
      /Dependabot runs on GitHub only/,
    );
    expect(existsSync(join(dir, ".gitlab-ci.yml"))).toBe(false);
    // A hand-written .gitlab-ci.yml is never replaced unless forced.
    writeFileSync(join(dir, ".gitlab-ci.yml"), "test:\n  script: [make]\n");
    expect(ci(dir).stderr).toContain("  .gitlab-ci.yml\n");
    expect(readFileSync(join(dir, ".gitlab-ci.yml"), "utf8")).toBe("test:\n  script: [make]\n");
  });

  it.each([
    [["--provider", "jenkins"], /--provider must be github or gitlab/],
    [["a", "b"], /one directory at a time/],
    [["--nope"], /Unknown option/],
  ])("exits 2 for %j", (args, message) => {
    const result = ci(project(), ...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("names a missing or malformed package.json", () => {
    const empty = join(scratch, "empty");
    mkdirSync(empty);
    expect(ci(empty).stderr).toMatch(
      /package\.json: no package\.json; run paved ci in a package's root\./,
    );
    expect(ci(project("{ nope")).stderr).toMatch(/package\.json: not valid JSON; fix it first\./);
  });
});
