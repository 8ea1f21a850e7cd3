// The repository's own production line: every station of every project through Nx, then one
// summary line "N passed, N failed" that counts test cases, package checks and station tasks.
//
//   node tools/line/run-line.mjs [--affected] [--target T ...]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { tally } from "./tally.mjs";

export const stations = ["format-check", "lint", "typecheck", "build", "test", "package-check"];

const root = join(import.meta.dirname, "..", "..");

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** The tasks Nx plans for these targets, with each task's project root. */
function plannedTasks(nxArgs, env) {
  const dir = mkdtempSync(join(tmpdir(), "paved-line-"));
  try {
    const file = join(dir, "graph.json");
    const run = spawnSync("nx", [...nxArgs, `--graph=${file}`], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    const graph = readJson(file);
    if (run.status !== 0 || !graph)
      throw new Error(`nx could not plan the line:\n${run.stdout}${run.stderr}`);
    return Object.values(graph.tasks.tasks).map((task) => ({
      id: task.id,
      target: task.target.target,
      projectRoot: graph.graph.nodes[task.target.project]?.data.root ?? ".",
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { values } = parseArgs({
    options: { affected: { type: "boolean" }, target: { type: "string", multiple: true } },
  });
  const targets = values.target ?? stations;
  const nxArgs = values.affected ? ["affected", "-t", ...targets] : ["run-many", "-t", ...targets];
  const env = { ...process.env, NX_TUI: "false", NX_NO_CLOUD: "true", HUSKY: "0" };

  const tasks = plannedTasks(nxArgs, env);
  // Results of an earlier run must not count: a cache hit restores them, a real run rewrites them.
  for (const task of tasks) {
    if (task.target === "test")
      rmSync(join(root, task.projectRoot, "test-results", "vitest"), {
        recursive: true,
        force: true,
      });
    if (task.target === "package-check")
      rmSync(join(root, task.projectRoot, "test-results", "package-check"), {
        recursive: true,
        force: true,
      });
  }
  const runFile = join(root, ".nx", "cache", "run.json");
  rmSync(runFile, { force: true });

  const run = spawnSync("nx", [...nxArgs, "--outputStyle=static"], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  const statuses = new Map(
    (readJson(runFile)?.tasks ?? []).map((task) => [task.taskId, task.status]),
  );

  const readReport = (task, file) => readJson(join(root, task.projectRoot, "test-results", file));
  const { passed, failed: failedCount, failedTasks } = tally(tasks, statuses, readReport);
  // A failure Nx reports outside any task (a crashed run, a broken graph) still fails the line.
  const failed = failedCount + (run.status !== 0 && failedCount === 0 ? 1 : 0);
  if (!existsSync(runFile)) failedTasks.push("nx wrote no run record");

  console.log("");
  console.log(`Line: ${tasks.length} tasks across ${targets.join(", ")}.`);
  if (failedTasks.length > 0) console.log(`Failed: ${failedTasks.join(", ")}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && run.status === 0 ? 0 : 1;
}

try {
  main();
} catch (error) {
  console.error(`line: ${error instanceof Error ? error.message : String(error)}`);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
}
