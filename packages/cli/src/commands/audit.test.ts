import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adopt from "@paved/adopt";
import { run, type Io } from "../cli.js";

const packageRoot = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-cli-audit-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Whether the text holds escape sequences: colours, bold, resets. */
const styled = (text: string): boolean => stripVTControlCharacters(text) !== text;
const stackTrace = /\n\s+at /;

/** A real git checkout in the scratch directory: files written, then `git init` and `git add`. */
function gitRepo(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
  ]) {
    const git = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
    if (git.status !== 0) throw new Error(`git ${args.join(" ")} failed in ${dir}: ${git.stderr}`);
  }
  return dir;
}

/** A repository that passes some stations and misses others, so its score is strictly between 0 and 100. */
let repo: string;
let score: number;
beforeAll(() => {
  repo = gitRepo("service", {
    "package.json": JSON.stringify({
      name: "service",
      private: true,
      prettier: "@paved/prettier-config",
      engines: { node: ">=22.12" },
      scripts: { test: "vitest run", start: "node index.js" },
    }),
    ".nvmrc": "24\n",
    "SECURITY.md": "Report privately.\n",
    "index.js": "",
  });
  score = (JSON.parse(audit(["--format", "json"]).stdout) as { score: number }).score;
});

const io = (overrides: Partial<Io> = {}): Io => ({
  cwd: repo,
  env: {},
  stdoutIsTerminal: false,
  ...overrides,
});
const audit = (args: readonly string[], overrides: Partial<Io> = {}) =>
  run(["audit", ...args], io(overrides));

describe("paved audit formats", () => {
  it("has a score strictly between 0 and 100 on the test repository", () => {
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);
  });

  it("prints the pretty report by default", () => {
    const result = audit([]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(result.stdout).toContain(`Paved audit of ${repo}`);
    expect(result.stdout).toContain(`Score ${String(score)}/100`);
  });

  it("prints the JSON report of the git checkout", () => {
    const result = audit([repo, "--format", "json"], { cwd: scratch });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { schemaVersion: number; target: unknown };
    expect(report.schemaVersion).toBe(1);
    expect(report.target).toMatchObject({ path: repo, method: "git", files: 4 });
  });

  it("prints SARIF 2.1.0 with relative URIs under the audited directory", () => {
    const result = audit(["--format", "sarif"]);
    expect(result.exitCode).toBe(0);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(log.version).toBe("2.1.0");
    const [sarifRun] = log.runs;
    expect(sarifRun?.originalUriBaseIds["%SRCROOT%"]?.uri).toBe(`file://${repo}/`);
    expect(sarifRun?.results.length).toBeGreaterThan(0);
    for (const result of sarifRun?.results ?? [])
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).not.toMatch(/^\/|:/);
  });

  it("prints Markdown for a pull-request comment", () => {
    const result = audit(["--format", "markdown"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`## Paved audit: ${String(score)}/100`);
    expect(result.stdout).toContain("| station | status | score |");
    expect(styled(result.stdout)).toBe(false);
  });

  it("audits a directory relative to the working directory it is given", () => {
    const result = audit(["service", "--format", "json"], { cwd: scratch });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { target: { path: string } }).target.path).toBe(repo);
  });
});

describe("paved audit --output", () => {
  it("writes the report to the file and nothing to standard output", () => {
    const out = join(scratch, "reports", "audit.json");
    mkdirSync(dirname(out), { recursive: true });
    const result = audit(["--format", "json", "--output", out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`report written to ${out}`);
    expect(readFileSync(out, "utf8")).toBe(audit(["--format", "json"]).stdout);
    expect(readdirSync(dirname(out))).toEqual(["audit.json"]);
  });

  it("resolves a relative file against the working directory, and never colours it", () => {
    const result = audit(["service", "--output", "report.txt"], {
      cwd: scratch,
      stdoutIsTerminal: true,
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: "" });
    const written = readFileSync(join(scratch, "report.txt"), "utf8");
    expect(written).toContain("Score ");
    expect(styled(written)).toBe(false);
  });

  it("exits 2 naming the path when its directory is missing, and leaves no file behind", () => {
    const out = join(scratch, "missing", "dir", "report.json");
    const result = audit(["--format", "json", "--output", out]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${out}: cannot write the report (ENOENT)`);
    expect(result.stderr).not.toMatch(stackTrace);
    expect(readdirSync(scratch)).not.toContain("missing");
  });

  it("removes its temporary file when the final rename fails", () => {
    const parent = join(scratch, "occupied");
    mkdirSync(join(parent, "report.json", "inside"), { recursive: true });
    const result = audit(["--output", join(parent, "report.json")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${join(parent, "report.json")}: cannot write the report`);
    expect(readdirSync(parent)).toEqual(["report.json"]);
  });

  it("rejects an empty path", () => {
    const result = audit(["--output="]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--output needs a file path");
  });
});

describe("paved audit --min-score", () => {
  it("exits 0 at or above the threshold and 1 below it, saying so", () => {
    expect(audit(["--min-score", "0"]).exitCode).toBe(0);
    expect(audit(["--min-score", String(score)]).exitCode).toBe(0);
    const below = audit(["--min-score", String(score + 1), "--format", "json"]);
    expect(below.exitCode).toBe(1);
    expect(JSON.parse(below.stdout)).toMatchObject({ score });
    expect(below.stderr).toBe(
      `paved audit: score ${String(score)} is below the minimum ${String(score + 1)}\n`,
    );
    expect(audit(["--min-score", "100"]).exitCode).toBe(1);
    expect(audit(["--min-score=0.5"]).exitCode).toBe(0);
  });

  it.each(["abc", "101", "-1", "", "0x10", " 5", "1e1", "NaN", "Infinity"])(
    "exits 2 for --min-score '%s'",
    (value) => {
      const result = audit([`--min-score=${value}`]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`--min-score must be a number from 0 to 100; got '${value}'`);
    },
  );
});

describe("paved audit usage errors", () => {
  it.each([
    [["--frobnicate"], "Unknown option '--frobnicate'"],
    [["--format", "html"], "--format must be one of pretty, json, sarif, markdown; got 'html'"],
    [["--format"], "--format"],
    [["a", "b"], "one directory at a time"],
  ])("exits 2 for %j with a message and no stack trace", (args, message) => {
    const result = audit(args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("paved audit --help");
    expect(result.stderr).not.toMatch(stackTrace);
  });

  it("exits 2 naming a directory that does not exist, or a file that is not one", () => {
    const missing = audit(["no-such-dir"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`${join(repo, "no-such-dir")}: no such directory`);
    expect(missing.stderr).not.toMatch(stackTrace);
    const file = audit(["index.js"]);
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain("index.js: not a directory");
  });

  it("prints its help", () => {
    expect(audit(["--help"])).toMatchObject({ exitCode: 0, stderr: "" });
    expect(audit(["-h"]).stdout).toContain("Usage: paved audit [DIR] [options]");
  });
});

describe("paved audit colours", () => {
  it.each([
    ["a terminal", { stdoutIsTerminal: true, env: {} }, true],
    ["a terminal with NO_COLOR=1", { stdoutIsTerminal: true, env: { NO_COLOR: "1" } }, false],
    ["a terminal with an empty NO_COLOR", { stdoutIsTerminal: true, env: { NO_COLOR: "" } }, true],
    ["a dumb terminal", { stdoutIsTerminal: true, env: { TERM: "dumb" } }, false],
    ["a pipe", { stdoutIsTerminal: false, env: {} }, false],
  ])("colours the pretty report on %s: %s", (_, overrides, coloured) => {
    const result = audit([], overrides);
    expect(styled(result.stdout)).toBe(coloured);
  });

  it("never colours the other formats, even on a terminal", () => {
    for (const format of ["json", "sarif", "markdown"])
      expect(styled(audit(["--format", format], { stdoutIsTerminal: true }).stdout)).toBe(false);
  });
});

describe("the built bin", () => {
  const bin = join(packageRoot, "dist", "bundle", "paved.mjs");
  const paved = (args: readonly string[]) =>
    spawnSync(process.execPath, [bin, "audit", ...args], {
      cwd: repo,
      encoding: "utf8",
    });

  it("exits 0, 1 and 2 end to end", () => {
    const pass = paved(["--min-score", String(score)]);
    expect(pass.status).toBe(0);
    expect(pass.stdout).toContain(`Score ${String(score)}/100`);
    expect(styled(pass.stdout)).toBe(false);
    const below = paved(["--min-score", String(score + 1), "--format", "json"]);
    expect(below.status).toBe(1);
    expect(JSON.parse(below.stdout)).toMatchObject({ schemaVersion: 1, score });
    for (const args of [["--min-score", "lots"], ["no-such-dir"], ["--nope"]]) {
      const bad = paved(args);
      expect(bad.status, args.join(" ")).toBe(2);
      expect(bad.stderr).toMatch(/^paved audit: /);
      expect(bad.stderr).not.toMatch(stackTrace);
    }
  });
});

describe("the built bin's early listing", () => {
  const binPath = join(packageRoot, "dist", "bundle", "paved.mjs");
  const paved = (dir: string, args: readonly string[]) =>
    spawnSync(process.execPath, [binPath, "audit", dir, ...args], { encoding: "utf8" });
  // As bin.ts does for JSON and SARIF: the adopt engine marks the fixable findings.
  const inProcess = (dir: string, args: readonly string[]) =>
    run(["audit", dir, ...args], io({ cwd: dir, adopt }));
  const lint = (stdout: string) =>
    (JSON.parse(stdout) as { findings: { ruleId: string; outcome: string }[] }).findings.find(
      (finding) => finding.ruleId === "lint/linter-configured",
    )?.outcome;

  it("gives the in-process result on a clean checkout (tracked files only)", () => {
    const dir = gitRepo("early-clean", {
      "package.json": JSON.stringify({ name: "early-clean", scripts: { test: "vitest run" } }),
      "index.ts": "export {};\n",
    });
    // git writes its listing to a private temporary file, removed before the CLI exits.
    const temporary = mkdtempSync(join(scratch, "tmp-"));
    const bin = spawnSync(process.execPath, [binPath, "audit", dir, "--format", "json"], {
      encoding: "utf8",
      env: { ...process.env, TMPDIR: temporary },
    });
    expect(bin.status).toBe(0);
    expect(bin.stdout).toBe(inProcess(dir, ["--format", "json"]).stdout);
    expect(lint(bin.stdout)).toBe("fail");
    expect(readdirSync(temporary).filter((name) => name.startsWith("paved-"))).toEqual([]);
  });

  it("audits again when the working tree has untracked files, and ignores ignored ones", () => {
    const dir = gitRepo("early-untracked", {
      "package.json": JSON.stringify({ name: "early-untracked" }),
      ".gitignore": "out/\n",
      "index.ts": "export {};\n",
    });
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "eslint.config.js"), "export default [];\n");
    const ignoredOnly = paved(dir, ["--format", "json"]);
    expect(lint(ignoredOnly.stdout)).toBe("fail");
    // A new, uncommitted ESLint config counts, as it does in the in-process audit.
    writeFileSync(join(dir, "eslint.config.js"), "export default [];\n");
    const untracked = paved(dir, ["--format", "json"]);
    expect(lint(untracked.stdout)).toBe("pass");
    expect(untracked.stdout).toBe(inProcess(dir, ["--format", "json"]).stdout);
    expect((JSON.parse(untracked.stdout) as { target: { files: number } }).target.files).toBe(4);
    // Writing a report: one run, on the whole listing.
    const output = join(scratch, "early-report.json");
    const written = paved(dir, ["--format", "json", "--output", output]);
    expect(written.status).toBe(0);
    expect(lint(readFileSync(output, "utf8"))).toBe("pass");
  });

  it("stops quietly when its reader closes the pipe early", () => {
    // Enough packages for a report far larger than a pipe's buffer.
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "many", workspaces: ["packages/*"] }),
    };
    for (let n = 0; n < 150; n += 1)
      files[`packages/p${String(n)}/package.json`] = JSON.stringify({ name: `p${String(n)}` });
    const dir = gitRepo("early-pipe", files);
    const errors = join(scratch, "early-pipe.err");
    const closed = spawnSync(
      "sh",
      [
        "-c",
        `"$0" "$1" audit "$2" --format json 2>"$3" | head -c 1 >/dev/null`,
        process.execPath,
        binPath,
        dir,
        errors,
      ],
      { encoding: "utf8" },
    );
    expect(closed.status).toBe(0);
    expect(inProcess(dir, ["--format", "json"]).stdout.length).toBeGreaterThan(256 * 1024);
    expect(readFileSync(errors, "utf8")).toBe("");
  });
});
