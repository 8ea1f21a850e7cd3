import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  backgroundGits,
  neutralGitInvocation,
  startGitListing,
  type BackgroundRun,
} from "./git-listing.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-git-batch-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A checkout with one commit, in a directory whose name a shell would expand. */
function checkout(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "app" }\n');
  writeFileSync(join(dir, "README.md"), "# app\n");
  const git = (args: string[]) =>
    spawnSync("git", ["-C", dir, "-c", "user.name=a", "-c", "user.email=a@b", ...args]);
  git(["init", "-q"]);
  git(["add", "."]);
  git(["commit", "-qm", "first 'quoted' $(subject)"]);
  return dir;
}

/** What the same neutral git prints when Node runs it alone and waits. */
function direct(root: string, args: readonly string[]) {
  const invocation = neutralGitInvocation(root, args);
  return spawnSync("git", invocation.args, { env: invocation.env });
}

const outputOf = (run: BackgroundRun | undefined) =>
  run !== undefined && "output" in run ? run.output : undefined;

describe("a batch of background gits", () => {
  // A shell that expanded anything would create this file in its working directory.
  const marker = "paved-batch-expanded";
  const dir = checkout(`it's a $(touch ${marker}) dir`);
  const commands = [
    ["ls-files", "-z", "--cached"],
    ["log", "-z", `--format=%H %s '$(touch ${marker})' "\`x\`"`, "HEAD"],
    ["rev-parse", "--verify", "no-such-ref"],
    ["ls-files", "-z", "-t", "--others", "--exclude-standard", "--deleted"],
  ];

  it("gives each command what git prints when run alone, words passed as they are", async () => {
    const runs = await Promise.all(backgroundGits(dir, commands));
    expect(runs).toHaveLength(4);
    for (const [i, args] of [commands[0], commands[1], commands[3]].entries()) {
      const expected = direct(dir, args ?? []);
      expect(expected.status).toBe(0);
      expect(outputOf(runs[i === 2 ? 3 : i])?.toString()).toBe(expected.stdout.toString());
    }
    expect(outputOf(runs[1])?.toString()).toContain(`'$(touch ${marker})' "\`x\`"`);
    // Nothing in a directory's name or an argument reached a shell as code.
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(dir, marker))).toBe(false);
  });

  it("says how a failing command ended, and gives it no output", async () => {
    const [, , failed] = await Promise.all(backgroundGits(dir, commands));
    expect(failed).toBeDefined();
    expect(outputOf(failed)).toBeUndefined();
    expect(failed !== undefined && "run" in failed ? failed.run.status : 0).not.toBe(0);
  });

  it("counts output over the cap as a failure", async () => {
    const [listed, logged] = await Promise.all(backgroundGits(dir, commands.slice(0, 2), 8));
    expect(outputOf(listed)).toBeUndefined();
    expect(outputOf(logged)).toBeUndefined();
  });

  it("runs one command alone the same way", async () => {
    const [only] = await Promise.all(backgroundGits(dir, [commands[0] ?? []]));
    expect(outputOf(only)?.toString()).toBe(direct(dir, commands[0] ?? []).stdout.toString());
  });

  it("runs nothing where the directory is not a checkout, or git must not run there", async () => {
    const plain = join(scratch, "plain");
    mkdirSync(plain);
    expect(await Promise.all(backgroundGits(plain, commands))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const blocked = checkout("blocked");
    rmSync(join(blocked, ".git", "HEAD"));
    mkdirSync(join(blocked, ".git", "HEAD"));
    const runs = await Promise.all(backgroundGits(blocked, commands.slice(0, 2)));
    for (const run of runs) expect(run).toHaveProperty("blocker");
  });

  it("starts further commands in the listing's batch", async () => {
    const listing = startGitListing(dir, [["rev-parse", "HEAD"]]);
    const [tracked, also] = await Promise.all([listing.tracked, Promise.all(listing.also)]);
    expect(tracked?.ok && tracked.files.sort()).toEqual(["README.md", "package.json"]);
    expect(outputOf(also[0])?.toString()).toBe(
      direct(dir, ["rev-parse", "HEAD"]).stdout.toString(),
    );
  });
});
