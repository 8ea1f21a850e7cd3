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
/** A package on the road's own tools (pnpm pinned, its lockfile, Node in .nvmrc), or others. */
function project(
  scripts: Record<string, string> | string = { lint: "eslint .", test: "vitest run" },
  files: Record<string, string> = {
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    ".nvmrc": "24\n",
  },
  manifest: Record<string, unknown> = { packageManager: "pnpm@10.34.8" },
): string {
  counter += 1;
  const dir = join(scratch, `case-${String(counter)}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    typeof scripts === "string" ? scripts : JSON.stringify({ name: "x", ...manifest, scripts }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
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
      /^Wrote \.github\/workflows\/ci\.yml, \.github\/workflows\/security\.yml, renovate\.json \(@paved\/ci \d+\.\d+\.\d+; pnpm, Node from \.nvmrc\)\.\n$/,
    );
    expect(written.stderr).toBe(
      'paved ci: No script for: format, typecheck, build (add "format:check", "typecheck", "build" to package.json to run them in CI).\n',
    );
    const workflow = readFileSync(join(dir, ".github/workflows/ci.yml"), "utf8");
    expect(workflow).toMatch(/^# paved-ci: \S+ sha256:[0-9a-f]{64}\n/);
    expect(workflow).toContain("run: pnpm run lint");
    expect(workflow).not.toContain("pnpm run typecheck");
    expect(ci(dir, "--check")).toMatchObject({
      exitCode: 0,
      stdout: expect.stringMatching(/^Pipeline up to date\./) as unknown,
    });
  });

  it("answers, never throws, where a planted file stands in for .github", () => {
    // `.github` a file: every `.github/…` looked up (workflows, renovate.json) is ENOTDIR.
    const dir = project(undefined, {
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      ".github": "x",
    });
    expect(ci(dir, "--check")).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining(".github/workflows/ci.yml: missing") as unknown,
    });
    expect(ci(dir)).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining(".github is not a directory") as unknown,
    });
    expect(readFileSync(join(dir, ".github"), "utf8")).toBe("x");
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
      "  .github/workflows/ci.yml: edited by hand since paved ci wrote it (+1 -1 lines)",
    );
    expect(check.stderr).toContain("  .github/workflows/security.yml: missing");
    expect(readFileSync(path, "utf8")).toContain("timeout-minutes: 600");
    // The hand edit is not dropped without --force: paved ci says which file and how.
    const refused = ci(dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      "these files are in the way, and nothing was written (see 'paved ci --dry-run'; use --force to write anyway):\n  .github/workflows/ci.yml: edited by hand since paved ci wrote it (+1 -1 lines)\n",
    );
    expect(readFileSync(path, "utf8")).toContain("timeout-minutes: 600");
    // Forcing restores it; a new script then makes the pipeline stale, not edited.
    expect(ci(dir, "--force").exitCode).toBe(0);
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        packageManager: "pnpm@10.34.8",
        scripts: { lint: "eslint .", test: "vitest", build: "tsc" },
      }),
    );
    const stale = ci(dir, "--check");
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain(
      "  .github/workflows/ci.yml: differs from what paved ci renders for DIR now: its scripts, tools or options changed (+4 -2 lines)",
    );
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
    expect(refused.stderr).toContain(
      "these files are in the way, and nothing was written (see 'paved ci --dry-run'; use --force to write anyway):\n  .github/workflows/ci.yml: not written by paved ci\n",
    );
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
      /\.gitlab-ci\.yml: differs from what paved ci renders for DIR now/,
    );
    writeFileSync(path, pipeline.replace("timeout: 20 minutes", "timeout: 6 hours"));
    expect(ci(dir, "--check").stderr).toContain(
      "  .gitlab-ci.yml: edited by hand since paved ci wrote it",
    );
    expect(ci(dir).exitCode).toBe(1);
    expect(ci(dir, "--force").exitCode).toBe(0);
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

  it("on GitLab, needs a Node version an image can carry, and refuses Dependabot", () => {
    const dir = project({ lint: "eslint ." }, { "pnpm-lock.yaml": "" });
    const unpinned = ci(dir, "--provider", "gitlab", "--check");
    expect(unpinned.stderr).toContain(
      "paved ci: No Node version is pinned (.nvmrc, .node-version, or volta/engines in package.json): the jobs run Node 24. Write the version you use into .nvmrc.\n",
    );
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
    expect(ci(dir).stderr).toContain("  .gitlab-ci.yml: not written by paved ci\n");
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

  it("names a directory that is not there, with exit 2", () => {
    const missing = join(scratch, "not-there");
    expect(ci(scratch, missing)).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining(`${missing}/package.json: no package.json`) as unknown,
    });
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

describe("paved ci fits the repository's own tools", () => {
  const lint = { lint: "eslint .", test: "node --test" };
  const workflow = (dir: string, name = "ci") =>
    readFileSync(join(dir, `.github/workflows/${name}.yml`), "utf8");

  it("renders npm where the lockfile is npm's: npm ci, npm run, npm audit, npm's cache", () => {
    const dir = project(lint, { "package-lock.json": "{}", ".nvmrc": "22\n" }, {});
    const written = ci(dir);
    expect(written.exitCode).toBe(0);
    expect(written.stdout).toContain("; npm, Node from .nvmrc).");
    const ciYml = workflow(dir);
    expect(ciYml).toContain("      - run: npm ci\n");
    expect(ciYml).toContain("        run: npm run lint\n");
    expect(ciYml).toContain("          cache: npm\n");
    expect(ciYml).not.toContain("pnpm");
    expect(workflow(dir, "security")).toContain("      - run: npm audit --omit=dev\n");
  });

  it.each([
    ["Yarn 1", {}, "yarn install --frozen-lockfile", false],
    ["Yarn 4", { packageManager: "yarn@4.5.3" }, "yarn install --immutable", true],
  ])("renders %s with its own install", (_, manifest, install, corepack) => {
    const dir = project(lint, { "yarn.lock": "", ".nvmrc": "24\n" }, manifest);
    expect(ci(dir).exitCode).toBe(0);
    const ciYml = workflow(dir);
    expect(ciYml).toContain(`      - run: ${install}\n`);
    expect(ciYml).toContain("        run: yarn run test\n");
    expect(ciYml.includes("      - run: corepack enable\n")).toBe(corepack);
  });

  it.each([
    [{ ".node-version": "22.12.0\n" }, {}, "node-version-file: .node-version", ".node-version"],
    [
      {},
      { engines: { node: ">=22.12" } },
      "node-version-file: package.json",
      "engines.node in package.json",
    ],
    [
      {},
      { volta: { node: "22.12.0" } },
      "node-version-file: package.json",
      "volta.node in package.json",
    ],
    [{}, {}, 'node-version: "24"', "no Node pin"],
  ])("takes Node from where the repository pins it: %j %j", (files, manifest, setup, source) => {
    const dir = project(lint, { "package-lock.json": "{}", ...files }, manifest);
    const written = ci(dir);
    expect(written.exitCode).toBe(0);
    expect(written.stdout).toContain(`Node from ${source})`);
    expect(workflow(dir)).toContain(`          ${setup}\n`);
    expect(written.stderr.includes("No Node version is pinned")).toBe(source === "no Node pin");
  });

  it("says what it could not wire: no lockfile, pnpm unpinned", () => {
    const dir = project(lint, { "pnpm-workspace.yaml": "packages: []\n", ".nvmrc": "24\n" }, {});
    const bare = ci(join(dir));
    expect(bare.stderr).toContain(
      "paved ci: No lockfile is committed: the jobs install with 'npm ci', which fails until you commit the package-lock.json that npm install writes.",
    );
    const pnpm = project(lint, { "pnpm-lock.yaml": "", ".nvmrc": "24\n" }, {});
    const unpinned = ci(pnpm);
    expect(unpinned.stderr).toContain('package.json does not pin pnpm ("packageManager")');
    expect(workflow(pnpm)).toContain("        with:\n          version: 10\n");
  });

  it("renders GitLab CI for npm: its install, its cache, its lockfile as the cache key", () => {
    const dir = project(lint, { "package-lock.json": "{}", ".nvmrc": "22\n" }, {});
    expect(ci(dir, "--provider", "gitlab").exitCode).toBe(0);
    const pipeline = readFileSync(join(dir, ".gitlab-ci.yml"), "utf8");
    expect(pipeline).toContain("        - package-lock.json\n    paths:\n      - .npm/\n");
    expect(pipeline).toContain("    - npm ci --cache .npm --prefer-offline\n");
    expect(pipeline).toContain("    - npm run lint\n");
    expect(pipeline).not.toContain("corepack");
  });

  it("refuses to add a second pipeline beside one the repository has, unless forced", () => {
    const dir = project(lint, {
      "package-lock.json": "{}",
      ".nvmrc": "24\n",
      ".github/workflows/test.yml": "on: [push, pull_request]\njobs: {}\n",
      ".github/workflows/stale.yml": "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs: {}\n",
    });
    const refused = ci(dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      "  .github/workflows/test.yml: another pipeline that runs on pushes or pull requests\n",
    );
    expect(refused.stderr).not.toContain("stale.yml");
    expect(existsSync(join(dir, ".github/workflows/ci.yml"))).toBe(false);
    expect(ci(dir, "--force").exitCode).toBe(0);
  });

  it("--dry-run prints a unified diff of what would change and writes nothing", () => {
    const dir = project(lint);
    const dry = ci(dir, "--dry-run");
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("--- /dev/null\n+++ b/.github/workflows/ci.yml\n@@ -0,0 +1,");
    expect(dry.stderr).toContain("paved ci: dry run, nothing written.\n");
    expect(existsSync(join(dir, ".github"))).toBe(false);
    ci(dir);
    const path = join(dir, ".github/workflows/ci.yml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace("timeout-minutes: 20", "timeout-minutes: 9"),
    );
    const edited = ci(dir, "--dry-run");
    expect(edited.stdout).toContain(
      "--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n",
    );
    expect(edited.stdout).toContain("-    timeout-minutes: 9\n+    timeout-minutes: 20\n");
    expect(readFileSync(path, "utf8")).toContain("timeout-minutes: 9");
    expect(ci(dir, "--dry-run", "--check").exitCode).toBe(2);
  });
});
