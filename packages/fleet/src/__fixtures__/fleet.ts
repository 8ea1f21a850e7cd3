// A fleet of real repositories audited twice, with a fix, a regression and a waiver between the
// runs: what the dashboard's tests look at.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FleetConfig } from "../config.js";
import { expandRepos } from "../repos.js";
import { fleetAudit } from "../run.js";
import { commitAll, makeRepo, manifest, tempDir, writeTree } from "./repos.js";

/** `days` after today, as YYYY-MM-DD. */
export const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const today = inDays(0);

export const fleetConfig: FleetConfig = {
  teams: { "repos/gamma": "@acme/mapped" },
  campaigns: [
    {
      id: "owners",
      title: "Every repository owned",
      rule: "review/codeowners",
      target: 100,
      deadline: inDays(60),
      owner: "@acme/platform",
    },
    {
      id: "review",
      title: "Review wired",
      station: "review",
      target: 90,
      deadline: inDays(-1),
      owner: "@acme/platform",
    },
    {
      id: "tests-few",
      title: "Some tests",
      rule: "test/script",
      target: 30,
      deadline: inDays(-1),
      owner: "@acme/qa",
    },
  ],
};

export async function buildFleet(): Promise<{ root: string; out: string }> {
  const root = tempDir("dashboard");
  const repos = join(root, "repos");
  makeRepo(join(repos, "alpha"), {
    "package.json": manifest("alpha", {
      test: "vitest run",
      lint: "eslint .",
      typecheck: "tsc --noEmit",
    }),
    ".github/CODEOWNERS": "* @acme/payments\n",
  });
  makeRepo(join(repos, "beta"), { "package.json": manifest("beta", { build: "tsc" }) });
  makeRepo(join(repos, "gamma"), {
    "package.json": manifest("gamma"),
    CODEOWNERS: "* @acme/web\n",
    "paved.config.json": `${JSON.stringify({
      waivers: [{ rule: "test/*", reason: "a spike", owner: "@acme/lead", expires: inDays(10) }],
    })}\n`,
  });
  makeRepo(join(repos, "delta"), { "package.json": manifest("delta", { test: "vitest run" }) });
  const out = join(root, "fleet");
  const audit = (run: string, time: string) =>
    fleetAudit(expandRepos(["repos"], root), {
      out,
      jobs: 2,
      timeoutMs: 60_000,
      run,
      time,
      teams: fleetConfig.teams,
    });
  await audit("run-1", `${inDays(-14)}T03:00:00.000Z`);
  // Between the runs: beta gains an owner (fixed), alpha loses its (new failure), epsilon joins.
  writeTree(join(repos, "beta"), { CODEOWNERS: "* @acme/beta\n" });
  commitAll(join(repos, "beta"), "owners");
  rmSync(join(repos, "alpha", ".github", "CODEOWNERS"));
  commitAll(join(repos, "alpha"), "no owners");
  makeRepo(join(repos, "epsilon"), { "package.json": manifest("epsilon") });
  writeFileSync(join(repos, "not-a-repo.txt"), "skipped: a file in a folder of checkouts\n");
  await audit("run-2", `${inDays(-7)}T03:00:00.000Z`);
  return { root, out };
}
