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

describe("nx g on a terminal", () => {
  it("asks for the name and the owner (x-prompt), each checked as it is typed", async () => {
    const workspace = nxWorkspace("nx-prompts");
    // Nx asks about its own analytics first on a terminal, unless nx.json has decided.
    writeFileSync(join(workspace, "nx.json"), '{ "analytics": false }\n');
    const bin = join(
      dirname(realpathSync(join(workspace, "node_modules", "nx", "package.json"))),
      "dist",
      "bin",
      "nx.js",
    );
    // util-linux `script` gives Nx a pseudo-terminal; keystrokes arrive one answer at a time.
    const child = spawn(
      "script",
      // A width, or the prompts wrap at every character.
      [
        "-qec",
        `stty cols 200 rows 50; "${process.execPath}" "${bin}" g @paved/generators:service`,
        "/dev/null",
      ],
      {
        cwd: workspace,
        // A terminal that draws prompts, whatever the line's own TERM is (CI often says "dumb").
        env: {
          ...process.env,
          NX_DAEMON: "false",
          NX_NO_CLOUD: "true",
          NX_TUI: "false",
          CI: "",
          TERM: "xterm-256color",
        },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const until = async (text: string) => {
      for (let wait = 0; wait < 200 && !stripVTControlCharacters(output).includes(text); wait += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
    };
    await until("name?");
    child.stdin.write("orders\r");
    await until("owns it?");
    child.stdin.write("payments\r");
    await until("should match the pattern");
    child.stdin.write(`${"\x7f".repeat("payments".length)}@acme/payments\r`);
    const code = await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once("exit", resolve);
    });
    child.stdin.end();
    expect(code, output).toBe(0);
    expect(stripVTControlCharacters(output)).toContain("should match the pattern");
    expect(readFileSync(join(workspace, "orders", "catalog-info.yaml"), "utf8")).toContain(
      "owner: group:acme/payments",
    );
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
