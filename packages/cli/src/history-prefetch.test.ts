import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "./commands/audit.js";
import { startHistory } from "./history-prefetch.js";
import type { Io } from "./io.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-prehistory-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const day = 86_400;
const now = Math.floor(Date.UTC(2026, 10, 1) / 1000);

/** A checkout with two releases in the audit's last 90 days. */
function checkout(): string {
  const dir = join(scratch, "repo");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), '{ "name": "app" }\n');
  const git = (args: string[], when = now) =>
    spawnSync("git", ["-C", dir, "-c", "user.name=a", "-c", "user.email=a@b", ...args], {
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: `@${String(when)} +0000`,
        GIT_COMMITTER_DATE: `@${String(when)} +0000`,
      },
    });
  git(["init", "-q"]);
  git(["add", "."]);
  git(["commit", "-qm", "one"], now - 40 * day);
  git(["tag", "v1.0.0"]);
  git(["commit", "-q", "--allow-empty", "-m", "two"], now - 10 * day);
  git(["tag", "v1.1.0"]);
  return dir;
}

describe("the four keys' history, started beside the listing", () => {
  const dir = checkout();
  const io: Io = { cwd: scratch, env: {}, stdoutIsTerminal: false };

  it("runs the history's git commands in the background; nothing where there is no checkout", async () => {
    const history = await startHistory(dir, now);
    expect(history?.now).toBe(now);
    expect(history?.refs.toString()).toContain("v1.1.0");
    expect(history?.log.length).toBeGreaterThan(0);
    const plain = join(scratch, "plain");
    mkdirSync(plain);
    expect(await startHistory(plain, now)).toBeUndefined();
  });

  it("gives the audit the keys it computes itself, at the history's time", async () => {
    const history = await startHistory(dir, now);
    if (history === undefined) throw new Error("no history");
    const report = (extra: Partial<Io>) =>
      JSON.parse(runAudit([dir, "--format", "json"], { ...io, ...extra }).stdout) as {
        delivery?: { deployments: number; range: { until: string } };
      };
    const prefetched = report({ prehistory: { root: dir, history } }).delivery;
    expect(prefetched).toMatchObject({
      deployments: 2,
      range: { until: new Date(now * 1000).toISOString() },
    });
    // Another directory's history is not used; the audit reads its own (at the real time).
    const own = report({ prehistory: { root: join(scratch, "elsewhere"), history } }).delivery;
    expect(own?.range.until).not.toBe(prefetched?.range.until);
  });
});
