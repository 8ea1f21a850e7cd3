import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
