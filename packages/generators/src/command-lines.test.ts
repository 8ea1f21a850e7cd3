import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { planNew } from "./plan.js";
import { schemaPatterns } from "./questions.js";
import { diskTree, writePlan } from "./write.js";

const packageRoot = join(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-nx-cli-"));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.name === "node_modules" || entry.name === ".nx") continue;
      if (entry.isDirectory()) visit(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  visit(dir);
  return files;
}

/** A minimal Nx workspace whose node_modules holds Nx and this package, as an install would. */
function nxWorkspace(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "node_modules", "@paved"), { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "name": "acme", "private": true }\n');
  writeFileSync(join(dir, "nx.json"), "{}\n");
  symlinkSync(
    realpathSync(join(packageRoot, "node_modules", "nx")),
    join(dir, "node_modules", "nx"),
  );
  symlinkSync(packageRoot, join(dir, "node_modules", "@paved", "generators"));
  return dir;
}

function nx(dir: string, ...args: string[]) {
  const bin = join(
    dirname(realpathSync(join(dir, "node_modules", "nx", "package.json"))),
    "dist",
    "bin",
    "nx.js",
  );
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_TUI: "false", CI: "true" },
    timeout: 120_000,
  });
}

describe("nx g @paved/generators", () => {
  it("finds the generators through generators.json, dry-runs, and writes what paved new writes", () => {
    const workspace = nxWorkspace("nx");
    const before = snapshot(workspace);
    const dryRun = nx(
      workspace,
      "g",
      "@paved/generators:service",
      "orders",
      "--owner",
      "@acme/payments",
      "--dry-run",
    );
    expect(dryRun.status, dryRun.stderr).toBe(0);
    expect(stripVTControlCharacters(dryRun.stdout)).toContain("CREATE orders/src/app.ts");
    expect(snapshot(workspace)).toEqual(before);

    const real = nx(
      workspace,
      "g",
      "@paved/generators:service",
      "orders",
      "--owner",
      "@acme/payments",
    );
    expect(real.status, real.stderr).toBe(0);
    // The next steps paved new prints, once the files are written (not on --dry-run).
    expect(real.stdout).toContain("\nNext:\n");
    expect(real.stdout).toContain("  # no CI pipeline at the workspace root");
    expect(dryRun.stdout).not.toContain("Next:");

    const expected = join(scratch, "paved-new");
    mkdirSync(expected);
    writeFileSync(join(expected, "package.json"), '{ "name": "acme", "private": true }\n');
    writeFileSync(join(expected, "nx.json"), "{}\n");
    writePlan(
      expected,
      planNew({ kind: "service", name: "orders", owner: "@acme/payments" }, diskTree(expected)),
    );
    expect(snapshot(workspace)).toEqual(snapshot(expected));

    const refused = nx(
      workspace,
      "g",
      "@paved/generators:library",
      "../escape",
      "--owner",
      "@acme/payments",
    );
    expect(refused.status).not.toBe(0);
    // Refused by the schema's pattern, before the generator runs.
    expect(`${refused.stdout}${refused.stderr}`).toContain("'../escape' should match the pattern");
  });
});

/**
 * `nx g` under util-linux `script`, which gives Nx a pseudo-terminal of the given TERM;
 * keystrokes arrive one answer at a time, through `type` once the output shows `text`.
 */
function nxOnTerminal(workspace: string, term: string, args: string) {
  const bin = join(
    dirname(realpathSync(join(workspace, "node_modules", "nx", "package.json"))),
    "dist",
    "bin",
    "nx.js",
  );
  const child = spawn(
    "script",
    // A width, or the prompts wrap at every character.
    ["-qec", `stty cols 200 rows 50; "${process.execPath}" "${bin}" g ${args}`, "/dev/null"],
    {
      cwd: workspace,
      env: {
        ...process.env,
        NX_DAEMON: "false",
        NX_NO_CLOUD: "true",
        NX_TUI: "false",
        CI: "",
        TERM: term,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const text = () => stripVTControlCharacters(output);
  return {
    text,
    type: async (shown: string, keys: string) => {
      for (let wait = 0; wait < 200 && !text().includes(shown); wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      child.stdin.write(keys);
    },
    exited: new Promise<number | null>((resolve) => {
      child.once("exit", (code) => {
        child.stdin.end();
        resolve(code);
      });
    }),
  };
}

describe("nx g on a terminal", () => {
  it("asks for the name and the owner (x-prompt), each checked as it is typed", async () => {
    const workspace = nxWorkspace("nx-prompts");
    // Nx asks about its own analytics first on a terminal, unless nx.json has decided.
    writeFileSync(join(workspace, "nx.json"), '{ "analytics": false }\n');
    const nx = nxOnTerminal(workspace, "xterm-256color", "@paved/generators:service");
    await nx.type("name?", "orders\r");
    await nx.type("owns it?", "payments\r");
    await nx.type(
      "should match the pattern",
      `${"\x7f".repeat("payments".length)}@acme/payments\r`,
    );
    expect(await nx.exited, nx.text()).toBe(0);
    expect(nx.text()).toContain("should match the pattern");
    expect(readFileSync(join(workspace, "orders", "catalog-info.yaml"), "utf8")).toContain(
      "owner: group:acme/payments",
    );
  }, 120_000);

  // Nx draws its prompts under TERM=dumb too, and Node's readline then ignores Backspace: an
  // answer typed right is taken, a wrong one cannot be corrected (docs/generators.md says so).
  it("under TERM=dumb, takes answers typed right; with --no-interactive, names the flag", async () => {
    const workspace = nxWorkspace("nx-dumb");
    writeFileSync(join(workspace, "nx.json"), '{ "analytics": false }\n');
    const nx = nxOnTerminal(workspace, "dumb", "@paved/generators:service");
    await nx.type("name?", "orders\r");
    await nx.type("owns it?", "@acme/payments\r");
    expect(await nx.exited, nx.text()).toBe(0);
    expect(readFileSync(join(workspace, "orders", "catalog-info.yaml"), "utf8")).toContain(
      "owner: group:acme/payments",
    );

    const flags = nxOnTerminal(
      workspace,
      "dumb",
      "@paved/generators:library money --no-interactive",
    );
    expect(await flags.exited, flags.text()).not.toBe(0);
    expect(flags.text()).toContain("no owner: pass --owner @org/team");
    expect(flags.text()).not.toContain("owns it?");
    expect(existsSync(join(workspace, "money"))).toBe(false);
  }, 120_000);

  it("checks with the same patterns as paved new", () => {
    const schema = JSON.parse(
      readFileSync(join(packageRoot, "schema", "nx-project.json"), "utf8"),
    ) as { properties: Record<string, { pattern?: string }> };
    expect(schema.properties["owner"]?.pattern).toBe(schemaPatterns.owner);
    expect(schema.properties["scope"]?.pattern).toBe(schemaPatterns.scope);
  });
});

describe("plop service", () => {
  it("runs through the plop command line and writes what paved new writes", () => {
    const dir = join(scratch, "plop");
    mkdirSync(dir);
    const config = '{ "new": { "scope": "@acme", "owner": "@acme/payments" } }\n';
    writeFileSync(join(dir, "paved.config.json"), config);
    const plopfile = join(scratch, "plopfile.js");
    writeFileSync(
      plopfile,
      `import { pavedGenerators } from ${JSON.stringify(join(packageRoot, "dist", "plop.js"))};\nexport default (plop) => pavedGenerators(plop);\n`,
    );
    const plopBin = join(packageRoot, "node_modules", "plop", "bin", "plop.js");
    // Answers on the command line fill plop's prompts in order: name, description, owner, scope.
    const run = spawnSync(
      process.execPath,
      [
        plopBin,
        "--plopfile",
        plopfile,
        "--dest",
        dir,
        "service",
        "orders",
        "Takes orders.",
        "@acme/payments",
        "@acme",
      ],
      { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 60_000 },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    // paved new's next steps, under plop's line for the action: its own repository here.
    expect(run.stdout).toContain("Next:\n  cd orders\n  git init\n");

    const expected = join(scratch, "plop-expected");
    mkdirSync(expected);
    writeFileSync(join(expected, "paved.config.json"), config);
    writePlan(
      expected,
      planNew(
        { kind: "service", name: "orders", description: "Takes orders." },
        diskTree(expected),
      ),
    );
    expect(snapshot(dir)).toEqual(snapshot(expected));
  });

  it("works as docs/generators.md says in a CommonJS package (npm 11's npm init), with --owner", () => {
    const dir = join(scratch, "plop-commonjs");
    mkdirSync(join(dir, "node_modules", "@paved"), { recursive: true });
    symlinkSync(packageRoot, join(dir, "node_modules", "@paved", "generators"));
    writeFileSync(join(dir, "package.json"), '{ "name": "acme", "type": "commonjs" }\n');
    // The plopfile docs/generators.md gives for a CommonJS package.
    writeFileSync(
      join(dir, "plopfile.js"),
      'const { pavedGenerators } = require("@paved/generators/plop");\n\nmodule.exports = (plop) => pavedGenerators(plop);\n',
    );
    const plopBin = join(packageRoot, "node_modules", "plop", "bin", "plop.js");
    const plop = (...answers: string[]) =>
      spawnSync(process.execPath, [plopBin, "service", "--", ...answers], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, FORCE_COLOR: "0" },
        timeout: 60_000,
      });
    const answers = ["--name", "orders", "--description", "Takes orders.", "--scope", "@acme"];
    const refused = plop(...answers, "--owner", "payments");
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain(
      '"payments" is not an owner CODEOWNERS understands',
    );
    expect(existsSync(join(dir, "orders"))).toBe(false);
    const run = plop(...answers, "--owner", "@acme/payments");
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(readFileSync(join(dir, "orders", ".github", "CODEOWNERS"), "utf8")).toContain(
      "* @acme/payments",
    );
  });
});
