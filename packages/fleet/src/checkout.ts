import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { neutralGit } from "@paved/conformance/listing";

/** Why a run of git failed, in one line. */
function gitFailure(step: string, run: ReturnType<typeof neutralGit>): string {
  const code = (run.error as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ETIMEDOUT"
      ? "timed out"
      : code !== undefined
        ? `could not run (${code})`
        : (run.stderr.toString("utf8").trim().split("\n").at(-1) ?? "").slice(0, 200) ||
          `exit ${String(run.status)}`;
  return `git ${step} failed: ${why}`;
}

/** The commit a checkout is at, through the neutralised git; undefined outside git. */
export function headCommit(dir: string): string | undefined {
  const run = neutralGit(dir, ["rev-parse", "--verify", "-q", "HEAD"]);
  const commit = run.status === 0 ? run.stdout.toString("utf8").trim() : "";
  return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
}

/**
 * A bare repository's HEAD checked out into a fresh temporary directory under `scratch`, with
 * the audit's neutralised git (no hooks, no filters, no config from the repository): a new
 * repository fetches HEAD at depth 1, so the bare one is only read. The caller removes `dir`.
 */
export function checkoutBare(bare: string, scratch: string): { dir: string } | { error: string } {
  const dir = mkdtempSync(join(scratch, "bare-"));
  const git = (args: string[]) => neutralGit(dir, [`--git-dir=${join(dir, ".git")}`, ...args]);
  const steps: [string, string[]][] = [
    ["init", ["init", "-q"]],
    ["fetch", ["fetch", "-q", "--depth=1", "--no-tags", "--", bare, "HEAD"]],
    ["checkout", ["checkout", "-q", "--detach", "FETCH_HEAD"]],
  ];
  for (const [step, args] of steps) {
    const run = git(args);
    if (run.error || run.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return { error: gitFailure(step, run) };
    }
  }
  return { dir };
}
