// A fresh clone is all a user has: nothing in the repository may read a file beside it (such as
// a shared schemas folder on the maintainers' machines) or at an absolute path of one machine.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function trackedFiles(): string[] {
  const listing = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  if (listing.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listing.stderr}`);
  return listing.stdout.split("\0").filter((path) => path !== "");
}

/** Text of a tracked file, or undefined for binaries, symlinks and large files. */
function text(path: string): string | undefined {
  const full = join(root, path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isFile() || stat.size > 2_000_000) return undefined;
  const content = readFileSync(full, "utf8");
  return content.includes("\0") ? undefined : content;
}

/** Names that only exist on a maintainer's machine, whatever the file. */
function machinePaths(content: string): string[] {
  const beside = /\.\.\/shared\b|["']\.\.["']\s*,\s*["']shared["']/g;
  const found = [...content.matchAll(beside), ...content.matchAll(/(?<![\w.-])\/work\/[\w.-]+/g)];
  return found.map((match) => match[0]);
}

/**
 * Relative paths in code that climb above the repository root from the file's own folder:
 * `"../../x"` strings and `join(import.meta.dirname, "..", "..")` chains.
 */
function climbsOut(path: string, content: string): string[] {
  const depth = posix.dirname(path) === "." ? 0 : posix.dirname(path).split("/").length;
  const climbs = [
    ...[...content.matchAll(/["'`]((?:\.\.\/)+)/g)].map((match) => ({
      ups: (match[1] ?? "").length / 3,
      text: match[0],
    })),
    ...[...content.matchAll(/import\.meta\.dirname((?:\s*,\s*["']\.\.["'])+)/g)].map((match) => ({
      ups: (match[1]?.match(/\.\./g) ?? []).length,
      text: match[0],
    })),
  ];
  return climbs.filter((climb) => climb.ups > depth).map((climb) => climb.text);
}

// Fixtures are hostile inputs (paths that try to escape on purpose); templates are relative to
// the repository they generate, not to this one.
const data = (path: string): boolean =>
  /(^|\/)__fixtures__\//.test(path) || path.startsWith("templates/");
const code = (path: string): boolean => /\.(?:[cm]?[jt]s|json|ya?ml)$|^dev$|^paved$/.test(path);

describe("the repository is self-contained", () => {
  const files = trackedFiles().map((path) => ({ path, content: text(path) }));

  it("lists its files", () => {
    expect(files.map((file) => file.path)).toContain("package.json");
  });

  it("names no folder beside the checkout and no absolute path of a machine", () => {
    const offenders = files.flatMap(({ path, content }) =>
      content === undefined ? [] : machinePaths(content).map((hit) => `${path}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });

  it("has no code that climbs above the repository root", () => {
    const offenders = files
      .filter(({ path }) => code(path) && !data(path))
      .flatMap(({ path, content }) =>
        content === undefined ? [] : climbsOut(path, content).map((hit) => `${path}: ${hit}`),
      );
    expect(offenders).toEqual([]);
  });

  // The examples are assembled here so that this file does not trip its own checks.
  it("catches the reach that once broke a fresh clone", () => {
    const up = '"..", ';
    const file = "packages/conformance/src/report/sarif.test.ts";
    const toRoot = `join(import.meta.dirname, ${up.repeat(3)}"..")`;
    expect(climbsOut(file, toRoot)).toEqual([]);
    expect(climbsOut(file, `join(import.meta.dirname, ${up.repeat(5)}"x")`)).toHaveLength(1);
    expect(climbsOut(file, `readFileSync("${"../".repeat(5)}shared/x.json")`)).toHaveLength(1);
    expect(climbsOut(file, `readFileSync("${"../".repeat(4)}tools/x.json")`)).toEqual([]);
    const beside = ["..", "/", "shared"].join("");
    expect(machinePaths(`// ${beside}/schemas`)).toEqual([beside]);
    const args = ['"..", ', '"shared", ', '"schemas", ', '"sarif-schema-2.1.0.json"'].join("");
    expect(machinePaths(`join(repoRoot, ${args})`)).toHaveLength(1);
    const machine = ["", "work", "shared"].join("/");
    expect(machinePaths(`"${machine}/schemas/x.json"`)).toEqual([machine]);
  });
});
