import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, type Io } from "../index.js";
import { runLineCommand } from "./line.js";

const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-cli-line-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const node = (code: string) => `node -e ${JSON.stringify(code)}`;

function repo(name: string, scripts: Record<string, string>): string {
  const dir = join(scratch, name);
  spawnSync("mkdir", ["-p", dir]);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, scripts }));
  writeFileSync(join(dir, "package-lock.json"), "{}");
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("paved line through the CLI", () => {
  it("fails with the andon's message and exit 1, and says it runs the repository's scripts", () => {
    const dir = repo("failing", { lint: node("process.exit(2)"), test: node("process.exit(0)") });
    const run = spawnSync(process.execPath, [bin, "line", dir], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("paved line: ✗ Lint failed (exit 2)");
    expect(run.stderr).toMatch(/paved line: fail in [\d.]+ s\n {2}lint {7}fail/);
    const help = spawnSync(process.execPath, [bin, "line", "--help"], { encoding: "utf8" });
    expect(help.stdout).toContain("This RUNS THE REPOSITORY'S SCRIPTS");
  });

  it("stops the running station on Ctrl-C and records the run as interrupted", async () => {
    const pidFile = join(scratch, "station.pid");
    const dir = repo("slow", {
      test: node(
        `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`,
      ),
    });
    const paved = spawn(process.execPath, [bin, "line", dir], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => paved.on("close", resolve));
    const deadline = Date.now() + 30_000;
    while (!existsSync(pidFile) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const station = Number(readFileSync(pidFile, "utf8"));
    paved.kill("SIGINT");
    expect(await exited).toBe(130);
    const runs = readFileSync(join(dir, ".paved/line-history.jsonl"), "utf8").trim().split("\n");
    expect(JSON.parse(runs.at(-1) ?? "{}")).toMatchObject({
      outcome: "interrupted",
      stations: [{ id: "test", outcome: "interrupted" }],
    });
    // The station's process is gone too (npm passes the signal on to it).
    const gone = Date.now() + 5000;
    while (alive(station) && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(alive(station)).toBe(false);
  });
});

const io = (cwd: string): Io => ({ cwd, env: {}, stdoutIsTerminal: false });

describe("paved line and paved budget, in process", () => {
  it("runs the line, records it, and budget shows what each station cost and caught", async () => {
    const dir = repo("in-process", {
      "format:check": node("process.exit(0)"),
      lint: node('console.error("error TS2322: no"); process.exit(1)'),
      test: node("process.exit(0)"),
    });
    const failing = await runLineCommand([dir], io(scratch));
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/^paved line: fail in/);
    const kept = await runLineCommand(
      [dir, "--keep-going", "--station", "test", "--station", "lint"],
      io(scratch),
    );
    expect(kept.stderr).toMatch(/ {2}lint {7}fail .*\n {2}test {7}pass/s);
    const passing = await runLineCommand([dir, "--station", "test"], io(scratch));
    expect(passing.exitCode).toBe(0);

    const pretty = run(["budget", dir], io(scratch));
    expect(pretty.exitCode).toBe(0);
    expect(pretty.stdout).toContain("Station budgets from 3 local run(s) and 0 CI export(s)");
    expect(pretty.stdout).toMatch(/\nlint\s+2\s/);
    expect(pretty.stdout).toContain("! Lint failed 2 time(s) on a type error (TS2322)");
    const json = JSON.parse(run(["budget", dir, "--format", "json"], io(scratch)).stdout) as {
      stations: { station: string; runs: number; failures: number }[];
    };
    expect(json.stations.map((entry) => [entry.station, entry.runs, entry.failures])).toEqual([
      ["format", 1, 0],
      ["lint", 2, 2],
      ["test", 2, 0],
    ]);
  });

  it("reads CI exports, and names bad input with exit 2", () => {
    const dir = repo("exports", { test: node("process.exit(0)") });
    writeFileSync(
      join(dir, "junit.xml"),
      '<testsuites time="2"><testsuite failures="0" time="2"/></testsuites>',
    );
    writeFileSync(
      join(dir, "jobs.json"),
      JSON.stringify({
        jobs: [
          {
            steps: [
              {
                name: "Lint",
                conclusion: "failure",
                started_at: "2026-12-01T10:00:00Z",
                completed_at: "2026-12-01T10:00:05Z",
              },
            ],
          },
        ],
      }),
    );
    const result = run(
      ["budget", dir, "--junit", "junit.xml", "--github-jobs", "jobs.json"],
      io(dir),
    );
    expect(result.stdout).toContain("from 0 local run(s) and 2 CI export(s)");
    expect(run(["budget", scratch], io(scratch)).stdout).toContain("Nothing recorded yet");
    expect(run(["budget", dir, "--junit", "none.xml"], io(dir))).toMatchObject({ exitCode: 2 });
    writeFileSync(join(dir, "bad.json"), "{}");
    expect(run(["budget", dir, "--github-jobs", "bad.json"], io(dir)).stderr).toContain(
      'bad.json: no "jobs" list',
    );
    expect(run(["budget", dir, "--format", "xml"], io(dir)).exitCode).toBe(2);
  });

  it("names a directory without a line, an unknown station and a broken package.json", async () => {
    const empty = repo("no-line", {});
    expect((await runLineCommand([empty], io(scratch))).stderr).toContain(
      "has no script for any station",
    );
    expect((await runLineCommand([empty, "--station", "deploy"], io(scratch))).stderr).toContain(
      "no station deploy",
    );
    writeFileSync(join(empty, "package.json"), "{ nope");
    expect((await runLineCommand([empty], io(scratch))).stderr).toContain("not valid JSON");
    expect((await runLineCommand([join(scratch, "missing")], io(scratch))).exitCode).toBe(2);
    expect((await runLineCommand(["a", "b"], io(scratch))).stderr).toContain(
      "one directory at a time",
    );
  });
});
