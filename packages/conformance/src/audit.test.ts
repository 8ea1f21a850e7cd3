import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { audit, UsageError } from "./audit.js";
import { renderMarkdown } from "./report/markdown.js";
import { renderPretty } from "./report/pretty.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-audit-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function repo(name: string, files: Record<string, string | Buffer>, git = true): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (git) {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
    spawnSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env });
    spawnSync("git", ["add", "-A"], { cwd: dir, env });
  }
  return dir;
}

const finding = (report: ReturnType<typeof audit>, ruleId: string) =>
  report.findings.filter((entry) => entry.ruleId === ruleId);

describe("audit() on real directories", () => {
  it("lists a git checkout with git ls-files: ignored files are not indexed", () => {
    const dir = repo("git", {
      "package.json": "{}",
      ".gitignore": "generated/\n",
      "generated/renovate.json": "{}",
    });
    const report = audit(dir);
    expect(report.target.method).toBe("git");
    expect(finding(report, "dependency-updates/bot")[0]?.outcome).toBe("fail");
  });

  it("uses a listing started in the background exactly like its own", async () => {
    const { combineListings, startGitListing } = await import("@paved/facts/listing");
    const dir = repo("prelisted", {
      "package.json": "{}",
      ".gitignore": "out/\n",
      "out/x.json": "{}",
      "src/a.ts": "",
      "SECURITY.md": "Report to security@example.com",
    });
    // Untracked, not ignored: the working-tree scan finds it, the index does not have it.
    writeFileSync(join(dir, "new.txt"), "");
    // Tracked, deleted from the working tree: in the index, and found gone by the scan.
    rmSync(join(dir, "SECURITY.md"));
    const listing = startGitListing(dir);
    const tracked = await listing.tracked;
    const untracked = await listing.untracked;
    if (!tracked?.ok || !untracked?.ok) throw new Error("git could not list the checkout");
    expect(tracked.files.sort()).toEqual([".gitignore", "SECURITY.md", "package.json", "src/a.ts"]);
    expect(untracked.deleted).toEqual(["SECURITY.md"]);
    expect(untracked.files).toEqual(["new.txt"]);
    const combined = combineListings(tracked, untracked);
    expect(combined.ok && combined.files.sort()).toEqual(
      [".gitignore", "package.json", "src/a.ts", "new.txt"].sort(),
    );
    expect(audit(dir, { gitFiles: combined })).toEqual(audit(dir));
    const outside = startGitListing(join(scratch, "nope"));
    expect(await outside.tracked).toBeUndefined();
    expect(await outside.untracked).toBeUndefined();
  });

  it("walks a directory that is not a git checkout, honouring .gitignore and skipping node_modules", () => {
    const dir = repo(
      "plain",
      {
        "package.json": "{}",
        ".gitignore": "ignored/\n",
        "ignored/renovate.json": "{}",
        "node_modules/x/renovate.json": "{}",
        ".nvmrc": "24",
      },
      false,
    );
    const report = audit(dir);
    expect(report.target.method).toBe("walk");
    expect(finding(report, "dependency-updates/bot")[0]?.outcome).toBe("fail");
    expect(finding(report, "runtime/node-version-pinned")[0]?.outcome).toBe("pass");
  });

  it("survives a symbolic link loop and a link out of the repository", () => {
    const dir = repo("links", { "package.json": "{}" }, false);
    mkdirSync(join(dir, "loop"));
    symlinkSync(join(dir, "loop"), join(dir, "loop", "again"));
    symlinkSync("/etc/hostname", join(dir, "SECURITY.md"));
    const report = audit(dir);
    expect(report.target.files).toBeGreaterThan(0);
    expect(finding(report, "security/policy")[0]?.outcome).toBe("pass");
  });

  it("names a BOM-prefixed, a malformed and a binary manifest instead of crashing", () => {
    const bom = audit(
      repo("bom", { "package.json": `\uFEFF${JSON.stringify({ engines: { node: ">=22" } })}` }),
    );
    expect(finding(bom, "runtime/engines")[0]?.outcome).toBe("pass");
    const broken = audit(
      repo("broken", { "package.json": '{ "name": ', "tsconfig.json": "{", "src/a.ts": "" }),
    );
    const strict = finding(broken, "typecheck/strict")[0];
    expect(strict?.outcome).toBe("not-evaluated");
    expect(strict?.reason).toMatch(/^tsconfig\.json: invalid JSON/);
    const binary = audit(
      repo("binary", {
        "package.json": "{}",
        "tsconfig.json": Buffer.from([0x7b, 0, 1, 2, 0x7d]),
        "src/a.ts": "",
      }),
    );
    expect(finding(binary, "typecheck/strict")[0]?.reason).toMatch(/tsconfig\.json: a binary file/);
  });

  it("does not read files over the size cap", () => {
    const dir = repo("huge", {
      "package.json": "{}",
      "tsconfig.json": `{"compilerOptions":{"strict":true}}${" ".repeat(4096)}`,
      "src/a.ts": "",
    });
    const report = audit(dir, { maxFileBytes: 1024 });
    expect(finding(report, "typecheck/strict")[0]?.reason).toMatch(
      /tsconfig\.json: \d+ bytes, over the 1024-byte cap/,
    );
  });

  it("stops indexing at the file cap and says so", () => {
    const files: Record<string, string> = { "package.json": "{}" };
    for (let i = 0; i < 50; i += 1) files[`f/${String(i)}.txt`] = "";
    const report = audit(repo("many", files, false), { maxFiles: 20 });
    expect(report.target.files).toBe(20);
    expect(report.problems).toEqual([".: more than 20 files; the rest were not indexed"]);
  });

  it("indexes a 100,000-file tree outside git without hanging", () => {
    const dir = join(scratch, "wide");
    for (let d = 0; d < 100; d += 1) {
      mkdirSync(join(dir, "files", String(d)), { recursive: true });
      for (let f = 0; f < 1000; f += 1)
        writeFileSync(join(dir, "files", String(d), `${String(f)}.txt`), "");
    }
    writeFileSync(join(dir, "package.json"), "{}");
    const report = audit(dir);
    expect(report.target.method).toBe("walk");
    expect(report.target.files).toBe(100_001);
    expect(report.problems).toEqual([]);
  }, 120_000);

  it("never reads outside the repository, whatever a config or a link says", () => {
    const outside = join(scratch, "outside-secret");
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, "tsconfig.json"), '{ "compilerOptions": { "strict": true } }');
    const escaping = `foo/${"../".repeat(12)}${outside.slice(1)}/tsconfig.json`;
    const dir = repo(
      "escape",
      {
        "package.json": "{}",
        "src/a.ts": "",
        "node_modules/foo/package.json": "{}",
        "tsconfig.json": JSON.stringify({ extends: escaping }),
      },
      false,
    );
    const strict = finding(audit(dir), "typecheck/strict")[0];
    expect(strict?.outcome).toBe("not-evaluated");
    symlinkSync("/dev/zero", join(dir, "SECURITY.md"));
    symlinkSync(join(outside, "tsconfig.json"), join(dir, "renovate.json"));
    const report = audit(dir);
    expect(finding(report, "security/policy")[0]?.outcome).toBe("pass");
    expect(report.target.files).toBeGreaterThan(0);
  });

  it("does not hang on a FIFO where a file is expected", () => {
    const dir = repo("fifo", { "src/a.ts": "" }, false);
    spawnSync("mkfifo", [join(dir, "package.json")]);
    spawnSync("mkfifo", [join(dir, "tsconfig.json")]);
    const report = audit(dir);
    expect(report.target.method).toBe("walk");
    expect(finding(report, "runtime/engines")[0]?.outcome).not.toBe("pass");
  });

  it("survives workspace globs that no glob library could digest", () => {
    for (const globs of [[""], ["/"], ["*a*a*a*a*a*a*a*a*a*a*a*a*b"], [5, null]]) {
      const dir = repo(`globs-${String(globs.length)}-${String(globs[0]).length}`, {
        "package.json": JSON.stringify({ workspaces: globs }),
        [`${"a".repeat(45)}/package.json`]: "{}",
      });
      expect(audit(dir).target.projects[0]?.dir).toBe(".");
    }
  });

  it("includes DORA's four keys of the last 90 days where the history has deployments", () => {
    const dir = repo("delivery", { "package.json": '{ "name": "d" }' });
    const day = 86_400;
    const t0 = Date.UTC(2026, 0, 5) / 1000;
    const dated = (when: number) => ({
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "A",
      GIT_AUTHOR_EMAIL: "a@example.com",
      GIT_COMMITTER_NAME: "A",
      GIT_COMMITTER_EMAIL: "a@example.com",
      GIT_AUTHOR_DATE: `@${String(t0 + when)} +0000`,
      GIT_COMMITTER_DATE: `@${String(t0 + when)} +0000`,
    });
    const git = (args: string[], when: number) => {
      expect(spawnSync("git", args, { cwd: dir, env: dated(when) }).status).toBe(0);
    };
    const commit = (when: number) => {
      writeFileSync(join(dir, "f"), String(when));
      git(["add", "-A"], when);
      git(["commit", "-q", "-m", `at ${String(when)}`], when);
    };
    commit(0);
    git(["tag", "-a", "-m", "v1.0.0", "v1.0.0"], day);
    commit(2 * day);
    git(["tag", "-a", "-m", "v1.1.0", "v1.1.0"], 3 * day);
    // The tags' audit: 2 deployments in the 90 days; v1.1.0 ships a change 1 d old.
    const report = audit(dir, { now: t0 + 30 * day });
    expect(report.delivery).toMatchObject({
      source: "tags",
      deployments: 2,
      leadTime: { medianSeconds: day, changes: 1, kind: "proxy", band: "high" },
      changeFailureRate: { value: 0, kind: "proxy" },
    });
    const line =
      "Delivery since 2025-11-06 (2 deployments, from tags): 0.156 per week (low, proxy) · lead time 1 d (high, proxy) · change failure rate 0.0% (elite, proxy) · time to restore — (no band, proxy)";
    expect(renderPretty(report, false)).toContain(`\n${line}\n`);
    expect(renderMarkdown(report)).toContain(line);
    // The repository's own config says it deploys each merge to main.
    writeFileSync(
      join(dir, "paved.config.json"),
      '{ "dora": { "deployments": "merges", "trunk": "main" } }',
    );
    git(["add", "-A"], 4 * day);
    expect(audit(dir, { now: t0 + 30 * day }).delivery).toMatchObject({
      source: "merges",
      deployments: 2,
    });
    // Outside git, and with no deployment in the history read, there is no delivery field.
    expect(audit(dir, { now: t0 + 400 * day }).delivery).toBeUndefined();
    expect(audit(repo("no-git", { "package.json": "{}" }, false)).delivery).toBeUndefined();
  });

  it("throws a UsageError naming a missing directory or a file", () => {
    expect(() => audit(join(scratch, "nope"))).toThrow(UsageError);
    expect(() => audit(join(scratch, "nope"))).toThrow(/nope: no such directory/);
    writeFileSync(join(scratch, "a-file"), "");
    expect(() => audit(join(scratch, "a-file"))).toThrow(/not a directory/);
  });
});

describe("audit() and project roles", () => {
  const workspace = {
    "package.json": JSON.stringify({ private: true, workspaces: ["packages/*", "examples/*"] }),
    "packages/lib/package.json": JSON.stringify({ name: "lib", main: "index.js" }),
    "examples/app/package.json": JSON.stringify({
      name: "app",
      private: true,
      dependencies: { express: "5" },
    }),
  };

  it("lists an example in the report and judges it on nothing", () => {
    const report = audit(repo("roles", workspace));
    expect(report.target.projects).toContainEqual({
      dir: "examples/app",
      name: "app",
      kinds: ["service"],
      role: "example",
      roleSource: "under examples/",
    });
    expect(report.findings.filter((entry) => entry.project === "examples/app")).toEqual([]);
    expect(report.stations.find((station) => station.id === "telemetry")?.status).toBe(
      "not-applicable",
    );
  });

  it("takes a private package built with a docs framework for a docs site, wherever it sits", () => {
    const report = audit(
      repo("roles-docs", {
        "package.json": JSON.stringify({
          private: true,
          workspaces: ["packages/*", "www", "integration", "templates/*"],
        }),
        "packages/lib/package.json": JSON.stringify({ name: "lib", main: "index.js" }),
        "packages/guide/package.json": JSON.stringify({
          name: "guide",
          private: true,
          devDependencies: { vitepress: "1" },
        }),
        // Published: a theme for the framework is a product.
        "packages/theme/package.json": JSON.stringify({
          name: "vitepress-theme-x",
          main: "index.js",
          peerDependencies: { vitepress: "1" },
          devDependencies: { vitepress: "1" },
        }),
        "www/package.json": JSON.stringify({ name: "www", private: true }),
        "integration/package.json": JSON.stringify({ name: "integration-tests", private: true }),
        "templates/basic/package.json": JSON.stringify({ name: "basic", private: true }),
      }),
    );
    const roles = report.target.projects.map((project) => [
      project.dir,
      project.role,
      project.roleSource,
    ]);
    expect(roles).toEqual([
      [".", "product", undefined],
      ["integration", "e2e", "under integration/"],
      ["packages/guide", "docs", "depends on vitepress"],
      ["packages/lib", "product", undefined],
      ["packages/theme", "product", undefined],
      ["templates/basic", "example", "under templates/"],
      ["www", "docs", "under www/"],
    ]);
    expect(report.findings.filter((entry) => entry.project === "packages/guide")).toEqual([]);
  });

  it("judges it when paved.config.json says it is a product, and refuses an unknown role", () => {
    const config = { projects: { "examples/app": { role: "product" } } };
    const report = audit(
      repo("roles-config", { ...workspace, "paved.config.json": JSON.stringify(config) }),
    );
    const app = report.target.projects.find((project) => project.dir === "examples/app");
    expect(app).toMatchObject({ role: "product", roleSource: "paved.config.json" });
    expect(finding(report, "telemetry/opentelemetry").map((entry) => entry.project)).toEqual([
      "examples/app",
    ]);
    const bad = { projects: { "examples/app": { role: "demo" } } };
    expect(() =>
      audit(repo("roles-bad", { ...workspace, "paved.config.json": JSON.stringify(bad) })),
    ).toThrow(
      /paved\.config\.json: "projects" → "examples\/app" must be \{ "role": one of product/,
    );
  });
});
