// The installed `paved` command's entry (scripts/paved.cjs, copied to dist/): on a Node.js older
// than the floor it must print one line and exit 2, whatever the command, without parsing the
// bundle; so it must itself parse as ES5.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "acorn";
import { describe, expect, it } from "vitest";

const packageRoot = join(import.meta.dirname, "..");
const entry = join(packageRoot, "dist", "paved.cjs");
const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
  engines: { node: string };
};
// The machine's system Node (v20 here), older than the floor: what a user may have on PATH.
const oldNode = "/usr/bin/node";
const oldVersion = existsSync(oldNode)
  ? spawnSync(oldNode, ["--version"], { encoding: "utf8" }).stdout.trim()
  : "";
const isOld = /^v(?:[0-9]|1[0-9]|2[01])\.|^v22\.(?:[0-9]|1[01])\./.test(oldVersion);

describe("the entry", () => {
  const source = readFileSync(join(packageRoot, "scripts", "paved.cjs"), "utf8");

  it("is ES5 that any Node.js parses", () => {
    expect(() =>
      parse(source, { ecmaVersion: 5, sourceType: "script", allowHashBang: true }),
    ).not.toThrow();
    expect(() => parse("const x = () => 1;", { ecmaVersion: 5, sourceType: "script" })).toThrow();
  });

  it("checks the same floor as engines.node", () => {
    const [major, minor] = /NEEDED = \[(\d+), (\d+)\]/.exec(source)?.slice(1) ?? [];
    expect(manifest.engines.node).toBe(`>=${major ?? ""}.${minor ?? ""}`);
  });

  it("runs the CLI on this Node.js", () => {
    const run = spawnSync(process.execPath, [entry, "--version"], { encoding: "utf8" });
    expect(run.stdout).toBe(`${manifest.version}\n`);
    expect(run.status).toBe(0);
  });

  it.runIf(isOld)(`refuses ${oldVersion || "an old Node.js"} with one line and exit 2`, () => {
    for (const args of [["--version"], ["--help"], ["audit", "."], ["new", "service", "x"], []]) {
      const run = spawnSync(oldNode, [entry, ...args], { encoding: "utf8", cwd: packageRoot });
      expect(run.stderr, args.join(" ")).toBe(
        `paved needs Node.js 22.12 or newer; this is ${oldVersion}\n`,
      );
      expect(run.stdout).toBe("");
      expect(run.status).toBe(2);
    }
  });

  it("has an old Node.js to be tested with on this machine", () => {
    // Without one, the test above would not run: say so rather than pass in silence.
    expect(isOld, `${oldNode} should be a Node.js older than 22.12`).toBe(true);
  });
});
