/**
 * Issue 12: an audited repository must not be able to make the audit spin, grow without bound
 * or crash. Each test is one of the reproductions, on a real directory (or, where the
 * size is the point, an in-memory index) in a child process with a small heap and a deadline.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "./audit.js";

const scratch = mkdtempSync(join(tmpdir(), "paved-bounds-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

function repo(name: string, files: Record<string, string | Buffer>, git = true): string {
  const dir = join(scratch, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (git) {
    spawnSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env: gitEnv });
    spawnSync("git", ["add", "-A"], { cwd: dir, env: gitEnv });
  }
  return dir;
}

/** The built engine, as the CLI runs it. */
const engine = join(import.meta.dirname, "..", "dist", "index.js");

/**
 * Runs `script` (an ES module body with the engine imported as `paved`) in a child with a
 * small heap and a deadline; returns its exit status and output.
 */
function bounded(script: string, heapMb = 256, timeoutMs = 60_000) {
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${String(heapMb)}`, "--input-type=module", "-e", script],
    { encoding: "utf8", timeout: timeoutMs, env: { ...process.env, PAVED_ENGINE: engine } },
  );
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Audits `dir` in a bounded child: how it listed the files, and the problems it met. */
const listedBy = (dir: string) =>
  bounded(`
    const paved = await import(process.env.PAVED_ENGINE);
    const report = paved.audit(${JSON.stringify(dir)});
    console.log(JSON.stringify({ method: report.target.method, problems: report.problems }));
  `);

/** Audits DIR (or a memory index the script builds as `index`) and renders every format. */
const renderAll = `
  const sizes = {};
  sizes.json = paved.renderJson(report).length;
  sizes.sarif = paved.renderSarif(report, paved.rules.map((rule) => rule.meta)).length;
  sizes.pretty = paved.renderPretty(report, false).length;
  const markdown = paved.renderMarkdown(report);
  sizes.markdown = markdown.length;
  const pretty = paved.renderPretty(report, false);
  console.log(JSON.stringify({ sizes, truncated: report.truncated ?? null, problems: report.problems,
    projects: report.target.projects.length, prettyCut: pretty.includes("report: "),
    markdownCut: markdown.includes("report: ") }));
`;

const finding = (report: ReturnType<typeof audit>, ruleId: string) =>
  report.findings.filter((entry) => entry.ruleId === ruleId);

describe("globs written by the repository are matched in linear time", () => {
  const extglob = `packages/${"+(a)".repeat(12)}`;
  const longName = `packages/${"a".repeat(200)}b`;

  it("in pnpm-workspace.yaml, against one long directory name", () => {
    const dir = repo("extglob-workspace", {
      "package.json": "{}",
      "pnpm-workspace.yaml": `packages:\n  - "${extglob}"\n  - "packages/!(x)"\n`,
      [`${longName}/package.json`]: "{}",
      [`packages/${"a".repeat(12)}/package.json`]: "{}",
    });
    const run = bounded(`
      const paved = await import(process.env.PAVED_ENGINE);
      const report = paved.audit(${JSON.stringify(dir)});
      console.log(JSON.stringify({ projects: report.target.projects.map((p) => p.dir), problems: report.problems }));
    `);
    expect(run.signal, "the audit did not finish in time").toBeNull();
    const out = JSON.parse(run.stdout) as { projects: string[]; problems: string[] };
    expect(out.projects).toEqual([".", `packages/${"a".repeat(12)}`]);
    // What RE2 cannot express is reported, not matched.
    expect(out.problems).toContainEqual(
      expect.stringMatching(/^workspace glob "packages\/!\(x\)": .*not matched$/),
    );
  });

  it("in CODEOWNERS: an unmatchable pattern makes the rule not-evaluated, not unowned", () => {
    const owners = repo("extglob-codeowners", {
      "package.json": "{}",
      ".github/CODEOWNERS": `* @org/team\n${extglob} @org/other\n`,
      [`${longName}/x`]: "",
    });
    const start = performance.now();
    expect(finding(audit(owners), "review/codeowners")[0]?.outcome).toBe("pass");
    expect(performance.now() - start).toBeLessThan(20_000);
    const refused = repo("refused-codeowners", {
      "package.json": "{}",
      ".github/CODEOWNERS": "* @org/team\n/packages/!(core) @org/other\n",
    });
    const verdict = finding(audit(refused), "review/codeowners")[0];
    expect(verdict?.outcome).toBe("not-evaluated");
    expect(verdict?.reason).toMatch(/^glob "packages\/!\(core\).*": .*lookahead/);
  });
});

describe("braces cannot multiply the globs past their caps", () => {
  const braces = "{a,b}".repeat(8);

  it("in workspace globs: expanded globs count against the cap of 1,000", () => {
    const globs = Array.from({ length: 20 }, (_, i) => `p${String(i)}/${braces}*`);
    const dir = repo("brace-workspace", {
      "package.json": JSON.stringify({ workspaces: globs }),
      "p0/abababab/package.json": "{}",
    });
    const report = audit(dir);
    expect(report.target.projects.map((project) => project.dir)).toEqual([".", "p0/abababab"]);
    expect(report.problems).toEqual([
      "workspace: 17 globs with wildcards beyond the first 1000 (braces expanded) were not matched",
    ]);
  });

  it("in CODEOWNERS: past 10,000 expanded globs the rule is not evaluated", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `/p${String(i)}/${braces}* @org/team`);
    const dir = repo("brace-codeowners", {
      "package.json": "{}",
      ".github/CODEOWNERS": `* @org/team\n${lines.join("\n")}\n`,
    });
    const verdict = finding(audit(dir), "review/codeowners")[0];
    expect(verdict?.outcome).toBe("not-evaluated");
    expect(verdict?.reason).toBe(".github/CODEOWNERS: patterns expand to more than 10000 globs");
  });
});

describe("reports are bounded, whatever the repository amplifies", () => {
  /** An exports map nested `depth` levels deep, each level also mixing in a condition. */
  function nestedExports(depth: number): string {
    let map = '"./x.js"';
    for (let i = 0; i < depth; i += 1) map = `{ "./a": ${map}, "b": "x" }`;
    return `{ "name": "p", "exports": ${map} }`;
  }

  it("30 packages with an 88 KB nested exports map render in every format within 256 MB", () => {
    const manifest = nestedExports(4000);
    expect(manifest.length).toBeGreaterThan(80_000);
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ workspaces: ["packages/*"] }),
    };
    for (let i = 0; i < 30; i += 1) files[`packages/p${String(i)}/package.json`] = manifest;
    const dir = repo("amplified", files);
    const run = bounded(`
      const paved = await import(process.env.PAVED_ENGINE);
      const report = paved.audit(${JSON.stringify(dir)});
      ${renderAll}
    `);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { sizes: Record<string, number> };
    for (const [format, size] of Object.entries(out.sizes))
      expect(size, format).toBeLessThan(2_000_000);
  });

  it("150,000 workspace packages degrade to a problem line in every format, within 512 MB", () => {
    const run = bounded(
      `
      const paved = await import(process.env.PAVED_ENGINE);
      const files = { "package.json": JSON.stringify({ workspaces: ["packages/*"] }) };
      for (let i = 0; i < 150000; i += 1) files["packages/p" + i + "/package.json"] = "{}";
      const report = paved.auditIndex(paved.indexMemory(files), "/repo");
      ${renderAll}
    `,
      512,
      120_000,
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      truncated: { findings: number } | null;
      problems: string[];
      projects: number;
      prettyCut: boolean;
      markdownCut: boolean;
      sizes: Record<string, number>;
    };
    expect(out.projects).toBe(10_001);
    expect(out.problems).toContain("workspace: more than 10000 packages; the rest were not judged");
    expect(out.truncated?.findings).toBeGreaterThan(0);
    expect(out.problems.at(-1)).toMatch(/^report: \d+ findings over 200 per rule left out/);
    expect(out.prettyCut, "pretty").toBe(true);
    expect(out.markdownCut, "markdown").toBe(true);
    for (const [format, size] of Object.entries(out.sizes))
      expect(size, format).toBeLessThan(20_000_000);
  });

  it("70,000 workspace globs against 20,000 packages take seconds, not minutes", () => {
    const run = bounded(
      `
      const paved = await import(process.env.PAVED_ENGINE);
      const files = {};
      for (let i = 0; i < 20000; i += 1) files["p/" + i + "/package.json"] = "{}";
      const globs = (make) => Array.from({ length: 70000 }, (_, i) => make(i));
      const lists = { literal: globs((i) => "p/" + i), wild: globs((i) => "q/" + i + "*") };
      const out = {};
      for (const [name, globs] of Object.entries(lists)) {
        const index = paved.indexMemory({ ...files, "package.json": JSON.stringify({ workspaces: globs }) });
        const problems = [];
        const start = performance.now();
        const projects = paved.discoverProjects(index, problems);
        if (!index.json("package.json").ok) throw new Error("package.json over the size cap");
        out[name] = { ms: performance.now() - start, projects: projects.length, problems };
      }
      console.log(JSON.stringify(out));
    `,
      512,
      120_000,
    );
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<
      string,
      { ms: number; projects: number; problems: string[] }
    >;
    expect(out["literal"]?.projects).toBe(10_001);
    expect(out["literal"]?.ms).toBeLessThan(20_000);
    expect(out["wild"]?.projects).toBe(1);
    expect(out["wild"]?.ms).toBeLessThan(20_000);
    expect(out["wild"]?.problems).toEqual([
      "workspace: 69000 globs with wildcards beyond the first 1000 (braces expanded) were not matched",
    ]);
  });
});

describe("the audit judges what is on disk, and git cannot block it", () => {
  it("leaves out tracked files deleted from the working tree", () => {
    const dir = repo("deleted", {
      "package.json": "{}",
      "SECURITY.md": "Report vulnerabilities to security@example.com.",
      "paved.config.json": '{ "minScore": 10 }',
    });
    rmSync(join(dir, "SECURITY.md"));
    rmSync(join(dir, "paved.config.json"));
    const report = audit(dir);
    expect(report.target.method).toBe("git");
    expect(finding(report, "security/policy")[0]?.outcome).toBe("fail");
    expect(report.config.minScore).toBeUndefined();
  });

  it("does not run git on a config that includes a FIFO, and says why it walked", () => {
    const dir = repo("include-fifo", { "package.json": "{}", "src/a.ts": "" });
    spawnSync("mkfifo", [join(dir, ".git", "trap")]);
    writeFileSync(
      join(dir, ".git", "config"),
      "[core]\n\tbare = false\n[include]\n\tpath = trap\n",
    );
    const start = performance.now();
    const report = audit(dir);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(report.target.method).toBe("walk");
    expect(report.problems).toContain(
      ".git/config: includes trap, which is not a regular file; git was not run, the files were listed by a walk instead",
    );
    expect(report.target.files).toBe(2);
  });

  // Each blocks `git log` or `git for-each-ref` (the four keys' history), not `git ls-files`.
  it.each(["packed-refs", "shallow", "info/grafts", "objects/info/alternates"])(
    "does not run git where .git/%s is a FIFO, and says why it walked",
    (file) => {
      const dir = repo(`history-fifo-${file.replace(/\//g, "-")}`, { "package.json": "{}" });
      rmSync(join(dir, ".git", file), { force: true });
      spawnSync("mkfifo", [join(dir, ".git", file)]);
      const run = listedBy(dir);
      expect(run.signal, "the audit did not finish in time").toBeNull();
      expect(JSON.parse(run.stdout)).toEqual({
        method: "walk",
        problems: [
          `.git/${file}: not a regular file; git was not run, the files were listed by a walk instead`,
        ],
      });
    },
    30_000,
  );

  it("gives up on git blocked by a FIFO .gitignore, says so, and walks without opening it", () => {
    const dir = repo("gitignore-fifo", { "package.json": "{}", "src/a.ts": "" });
    spawnSync("mkfifo", [join(dir, "src", ".gitignore")]);
    const run = listedBy(dir);
    expect(run.signal, "the audit did not finish in time").toBeNull();
    const out = JSON.parse(run.stdout) as { method: string; problems: string[] };
    expect(out.method).toBe("walk");
    expect(out.problems).toEqual([
      ".: git timed out after 10 s (a FIFO where git expects a file?); the files were listed by a walk instead",
      "src/.gitignore: not a regular file under 1048576 bytes, or unreadable; its patterns were not applied",
    ]);
  }, 30_000);

  it("lists a workflow whose name is not UTF-8 under an escaped name, reads it by its bytes, and judges it", () => {
    const dir = repo("latin1", { "package.json": "{}" });
    const workflows = join(dir, ".github", "workflows");
    mkdirSync(workflows, { recursive: true });
    const name = Buffer.concat([
      Buffer.from(`${workflows}/ci-`),
      Buffer.from([0xff]),
      Buffer.from(".yml"),
    ]);
    writeFileSync(
      name,
      "on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
    );
    spawnSync("git", ["add", "-A"], { cwd: dir, env: gitEnv });
    const report = audit(dir);
    // Not decoded into U+FFFD (a name no one can open, and that another name could collide with).
    expect(report.problems).toContain(
      ".github/workflows/ci-\\xff.yml: a name that is not UTF-8 (shown with \\x escapes); read by its bytes",
    );
    // Its pull_request_target, write-all token and unpinned action are reported, at its name.
    const failing = report.findings.filter(
      (finding) =>
        finding.outcome === "fail" && finding.location?.path === ".github/workflows/ci-\\xff.yml",
    );
    expect(failing.map((finding) => finding.ruleId).sort()).toEqual(
      expect.arrayContaining(["ci/actions-pinned", "ci/permissions", "ci/pull-request-target"]),
    );
  });
});
