// The auditor treats the audited repository as untrusted: configs are code, scripts are code, and
// git settings can name programs. This repository is armed so that any of them leaves a marker file
// if executed; the audit must leave none.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "paved.mjs");
const scratch = mkdtempSync(join(tmpdir(), "paved-trap-"));
const repo = join(scratch, "repo");
const markers = join(scratch, "markers");
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

function write(path: string, content: string, executable = false): void {
  const full = join(repo, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  if (executable) chmodSync(full, 0o755);
}

/** A shell command that leaves a marker named after what ran it. */
const touch = (name: string) => `touch ${join(markers, name)}`;
/** JavaScript that leaves a marker when loaded. */
const js = (name: string) =>
  `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(markers, name))}, "ran");\nexport default {};\n`;
const cjs = (name: string) =>
  `require("node:fs").writeFileSync(${JSON.stringify(join(markers, name))}, "ran");\nmodule.exports = {};\n`;

function git(...args: string[]) {
  return spawnSync("git", args, { cwd: repo, env: gitEnv, encoding: "utf8" });
}

beforeAll(() => {
  mkdirSync(markers);
  write(
    "package.json",
    JSON.stringify({
      name: "trap",
      private: true,
      scripts: Object.fromEntries(
        [
          "preinstall",
          "install",
          "postinstall",
          "prepare",
          "test",
          "lint",
          "start",
          "build",
          "typecheck",
        ].map((name) => [name, touch(`script-${name}`)]),
      ),
    }),
  );
  for (const name of [
    "eslint.config.js",
    "prettier.config.mjs",
    "vitest.config.ts",
    "lint-staged.config.js",
    "release.config.js",
    "jest.config.js",
  ])
    write(name, js(name));
  for (const name of [".eslintrc.cjs", ".prettierrc.cjs"]) write(name, cjs(name));
  write("tsconfig.json", '{ "extends": "./node_modules/trap/tsconfig.json" }');
  write("src/index.ts", "export const a = 1;\n");
  write(".husky/pre-commit", `${touch("husky")}\n`, true);
  write(
    ".github/workflows/ci.yml",
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${touch("workflow")}\n`,
  );
  write("hooks/pre-commit", `#!/bin/sh\n${touch("hook")}\n`, true);
  write("hooks/post-index-change", `#!/bin/sh\n${touch("hook-index")}\n`, true);
  write("fsmonitor.sh", `#!/bin/sh\n${touch("fsmonitor")}\n`, true);
  write("pager.sh", `#!/bin/sh\n${touch("pager")}\ncat\n`, true);
  write("filter.sh", `#!/bin/sh\n${touch("filter")}\ncat\n`, true);
  write(".gitattributes", "*.ts filter=trap diff=trap\n");
  write("node_modules/.bin/eslint", `#!/bin/sh\n${touch("node-modules-bin")}\n`, true);
  write("node_modules/trap/package.json", '{ "name": "trap", "main": "index.js" }');
  write("node_modules/trap/index.js", cjs("node-modules-import"));
  write("node_modules/trap/tsconfig.json", '{ "compilerOptions": { "strict": true } }');
  expect(git("init", "-q", "-b", "main").status).toBe(0);
  git("add", "-A");
  const config: [string, string][] = [
    ["core.fsmonitor", join(repo, "fsmonitor.sh")],
    ["core.hooksPath", join(repo, "hooks")],
    ["core.pager", join(repo, "pager.sh")],
    ["core.editor", join(repo, "pager.sh")],
    ["core.sshCommand", join(repo, "pager.sh")],
    ["diff.external", join(repo, "pager.sh")],
    ["diff.trap.textconv", join(repo, "filter.sh")],
    ["filter.trap.clean", join(repo, "filter.sh")],
    ["filter.trap.smudge", join(repo, "filter.sh")],
    ["filter.trap.process", join(repo, "filter.sh")],
    ["credential.helper", join(repo, "pager.sh")],
  ];
  for (const [key, value] of config) expect(git("config", key, value).status).toBe(0);
}, 60_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const left = () => readdirSync(markers).sort();

describe("paved audit on a trap repository", () => {
  it("is armed: plain git in this repository runs the configured programs", () => {
    // A new mtime makes git re-read the file through the clean filter; without it, whether git
    // status re-reads it depended on the index and the file falling in the same second.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(repo, "src", "index.ts"), later, later);
    git("status");
    git("diff", "HEAD");
    expect(left()).toEqual(expect.arrayContaining(["filter", "fsmonitor", "hook-index"]));
    for (const marker of left()) rmSync(join(markers, marker));
  });

  it.each(["json", "pretty", "sarif", "markdown"])(
    "runs nothing from the repository (--format %s)",
    (format) => {
      const run = spawnSync(process.execPath, [bin, "audit", repo, "--format", format], {
        encoding: "utf8",
        env: {
          ...process.env,
          PATH: `${join(repo, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}`,
        },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(left()).toEqual([]);
      if (format === "json") {
        const report = JSON.parse(run.stdout) as {
          target: { method: string };
          findings: { ruleId: string; outcome: string }[];
        };
        expect(report.target.method).toBe("git");
        // The configs were recognised from their text, and tsconfig's extends read from node_modules as data.
        expect(
          report.findings.find((entry) => entry.ruleId === "lint/linter-configured")?.outcome,
        ).toBe("pass");
        expect(report.findings.find((entry) => entry.ruleId === "typecheck/strict")?.outcome).toBe(
          "pass",
        );
      }
    },
  );

  it("leaves the repository's git state untouched (no index refresh, no lock)", () => {
    expect(existsSync(join(repo, ".git", "index.lock"))).toBe(false);
    expect(left()).toEqual([]);
  });
});

describe("paved adopt on the trap repository", () => {
  it("plans and applies without running anything of it (configs, scripts, hooks, git's programs)", () => {
    const adopt = (...args: string[]) =>
      spawnSync(process.execPath, [bin, "adopt", repo, ...args], {
        encoding: "utf8",
        env: {
          ...process.env,
          PATH: `${join(repo, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}`,
        },
      });
    // The tree has staged, uncommitted files: the neutralised git status refuses it.
    const refused = adopt("--yes", "--owner", "@trap/team");
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/uncommitted changes/);
    expect(left()).toEqual([]);
    const applied = adopt("--yes", "--allow-dirty", "--owner", "@trap/team");
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Applied \d+ fix\(es\)/);
    expect(left()).toEqual([]);
  });
});

describe("paved adopt on a trap repository with a legacy ESLint config", () => {
  const legacy = join(scratch, "legacy");
  const put = (path: string, content: string) => {
    mkdirSync(dirname(join(legacy, path)), { recursive: true });
    writeFileSync(join(legacy, path), content);
  };
  const adopt = () =>
    spawnSync(
      process.execPath,
      [bin, "adopt", legacy, "--yes", "--allow-dirty", "--only", "lint"],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          PATH: `${join(legacy, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}`,
        },
      },
    );

  it("migrates a .eslintrc.cjs without running it, and a .eslintrc.json without loading what it names", () => {
    put(
      "package.json",
      JSON.stringify({
        name: "legacy",
        scripts: { postinstall: touch("legacy-postinstall"), lint: touch("legacy-lint") },
        devDependencies: { eslint: "^8.57.0", typescript: "5.9.3" },
      }),
    );
    put("src/index.ts", "export const a = 1;\n");
    // Type-aware linting needs a tsconfig that takes the sources in.
    put("tsconfig.json", JSON.stringify({ compilerOptions: { strict: true } }));
    put(".eslintrc.cjs", cjs("legacy-eslintrc-cjs"));
    put(
      ".eslintrc.json",
      JSON.stringify({
        extends: ["trap", "plugin:trap/recommended"],
        plugins: ["trap"],
        parser: "trap-parser",
      }),
    );
    put(".eslintignore", "dist\n");
    for (const name of [
      "eslint-config-trap",
      "eslint-plugin-trap",
      "trap-parser",
      "@eslint/eslintrc",
    ]) {
      put(`node_modules/${name}/package.json`, JSON.stringify({ name, main: "index.js" }));
      put(`node_modules/${name}/index.js`, cjs(`legacy-${name.replace("/", "-")}`));
    }
    put("node_modules/.bin/eslint", `#!/bin/sh\n${touch("legacy-bin")}\n`);
    chmodSync(join(legacy, "node_modules/.bin/eslint"), 0o755);

    // ESLint 8 used the .eslintrc.cjs: code, migrated as text (its marker is carried into the
    // flat config, which is the repository's to run), never run.
    const fromCode = adopt();
    expect(fromCode.status, fromCode.stderr).toBe(0);
    expect(fromCode.stdout).toMatch(/lint\/type-aware: fail → pass/);
    expect(readFileSync(join(legacy, "eslint.config.cjs"), "utf8")).toContain(
      "legacy-eslintrc-cjs",
    );
    expect(left()).toEqual([]);

    rmSync(join(legacy, ".eslintrc.cjs"));
    rmSync(join(legacy, "eslint.config.cjs"));
    const migrated = adopt();
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toMatch(/lint\/type-aware: fail → pass/);
    const config = readFileSync(join(legacy, "eslint.config.mjs"), "utf8");
    expect(config).toContain('compat.extends("trap", "plugin:trap/recommended")');
    expect(config).toContain('import trap from "eslint-plugin-trap";');
    expect(config).toContain('globalIgnores(["**/dist"])');
    expect(left()).toEqual([]);
  });
});
