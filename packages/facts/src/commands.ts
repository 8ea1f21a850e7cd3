import type { StationId } from "@paved/stations";
import type { PackageManifest, Project } from "./project.js";
import type { RepoIndex } from "./repo/repo-index.js";

/** Longest simple command matched against a pattern: longer text from a repository is cut. */
const maxSegment = 512;

/**
 * Tests a pattern against each simple command of a command line (split at `&&`, `||`, `;`, `|`
 * and newlines), each cut to a bounded length: patterns such as `node … --test` cannot then
 * backtrack for seconds over a hostile, megabyte-long script.
 */
export function anySegment(pattern: RegExp, command: string): boolean {
  return segmentsOf(command).some((segment) => pattern.test(segment));
}

/** The simple commands of a command line, each cut to `maxSegment` characters. */
function segmentsOf(command: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= command.length; i += 1) {
    const char = command[i];
    if (i === command.length || char === ";" || char === "|" || char === "&" || char === "\n") {
      if (i > start) segments.push(command.slice(start, Math.min(i, start + maxSegment)));
      start = i + 1;
    }
  }
  return segments;
}

/**
 * Commands that prove a station runs, by the tools they call; a pattern is only tried on a
 * command that names one of its tools at all.
 */
const stationTools: [StationId, RegExp, string[]][] = [
  [
    "format",
    /\bprettier\b[^&|;\n]*\s(--check|-c|--list-different|-l)\b|\bbiome\s+(ci|check|format)\b|\bdprint\s+check\b/,
    ["prettier", "biome", "dprint"],
  ],
  ["lint", /\beslint\b|\bbiome\s+(ci|check|lint)\b|\boxlint\b/, ["eslint", "biome", "oxlint"]],
  ["typecheck", /\btsc\b|\bvue-tsc\b|\btsgo\b/, ["tsc", "tsgo"]],
  [
    "test",
    /\bvitest\b|\bjest\b|\bmocha\b|\bnode\b[^&|;\n]*\s--test\b|\bplaywright\s+test\b|\bava\b|\btap\b/,
    ["vitest", "jest", "mocha", "--test", "playwright", "ava", "tap"],
  ],
  [
    "build",
    /\btsc\s+(-b|--build)\b|\btsup\b|\bvite\s+build\b|\brollup\b|\besbuild\b|\bunbuild\b|\btsdown\b/,
    ["tsc", "tsup", "vite", "rollup", "esbuild", "unbuild", "tsdown"],
  ],
];

/** Nx's own commands, which are not target names in `nx <target> <project>`. */
const nxCommands = new Set([
  "run",
  "run-many",
  "affected",
  "graph",
  "show",
  "reset",
  "daemon",
  "format",
  "format:check",
  "format:write",
  "g",
  "generate",
  "migrate",
  "release",
  "report",
  "list",
  "add",
  "init",
  "sync",
  "watch",
  "exec",
  "connect",
  "view-logs",
  "repair",
  "import",
]);

/** Script names a command runs: `npm run x`, `pnpm x`, `yarn x`, `nx run-many -t x y`, `turbo run x`. */
export function scriptsCalled(command: string): string[] {
  const names: string[] = [];
  if (typeof command !== "string") return names;
  // Options that take a value (`--filter web`, `-w pkg`) and `yarn workspace pkg` name a package,
  // not a script: drop them before looking for the script name.
  const simplified = command
    .slice(0, 4096)
    .replace(/\s(?:--filter|-F|--workspace|-w|-C|--dir|--prefix)(?:=|\s+)\S+/g, " ")
    .replace(/\byarn\s+workspace\s+\S+/g, "yarn");
  for (const match of simplified.matchAll(
    /\b(?:npm|pnpm|yarn|bun)\s+(?:-[\w-]+\s+)*(?:run(?:-script)?\s+)?([\w:.-]+)/g,
  )) {
    const name = match[1] ?? "";
    if (
      ![
        "install",
        "i",
        "ci",
        "add",
        "exec",
        "dlx",
        "x",
        "audit",
        "publish",
        "pack",
        "run",
        "-r",
        "--filter",
      ].includes(name)
    )
      names.push(name);
  }
  for (const match of command.matchAll(/\bnx\s+(?:run-many|affected)\b([^&|;\n]*)/g)) {
    const targets = /(?:-t|--targets?)[=\s]+([\w:,\s-]+?)(?:\s+-|$)/.exec(match[1] ?? "");
    for (const target of (targets?.[1] ?? "").split(/[\s,]+/)) if (target) names.push(target);
  }
  for (const match of command.matchAll(/\bturbo\s+(?:run\s+)?([\w:\s-]+?)(?:\s+-|$)/g)) {
    for (const target of (match[1] ?? "").split(/\s+/))
      if (target && target !== "run") names.push(target);
  }
  for (const match of command.matchAll(/\bnx\s+(?:run\s+)?[\w@/.-]+:([\w-]+)/g))
    names.push(match[1] ?? "");
  // `nx test my-lib`, `nx lint`: Nx's target-first form.
  for (const match of command.matchAll(/\bnx\s+([a-z][\w-]*)(?=\s|$)/g)) {
    const target = match[1] ?? "";
    if (!nxCommands.has(target)) names.push(target);
  }
  return names;
}

/**
 * The stations a command runs, following the scripts it calls through every manifest given
 * (root and packages), a few levels deep. Each (command, depth) is worked out once per call:
 * in a monorepo where every package has a script of the same name calling back to the root,
 * the unshared walk grows as the number of packages to the power of the depth.
 */
export function stationsRun(
  command: string,
  manifests: readonly (PackageManifest | undefined)[],
  depth = 4,
  memo = new Map<string, ReadonlySet<StationId>>(),
): Set<StationId> {
  if (typeof command !== "string") return new Set();
  const key = `${String(depth)}\0${command}`;
  const known = memo.get(key);
  if (known) return new Set(known);
  const found = new Set<StationId>();
  let segments: string[] | undefined;
  for (const [station, pattern, tools] of stationTools) {
    if (!tools.some((tool) => command.includes(tool))) continue;
    segments ??= segmentsOf(command);
    if (segments.some((segment) => pattern.test(segment))) found.add(station);
  }
  if (depth > 0) {
    for (const name of new Set(scriptsCalled(command))) {
      for (const manifest of manifests) {
        const script = manifest?.scripts?.[name];
        if (script !== undefined)
          for (const station of stationsRun(script, manifests, depth - 1, memo)) found.add(station);
      }
    }
  }
  memo.set(key, found);
  return new Set(found);
}

/**
 * The stations a CI command runs in an audited repository, following the scripts of its
 * projects: one memo per index, so that every rule asking about the same commands shares it.
 */
export function stationsRunIn(
  index: RepoIndex,
  projects: readonly Project[],
  command: string,
): ReadonlySet<StationId> {
  const memo = index.derive("commands:stations", () => ({
    manifests: projects.map((project) => project.manifest),
    known: new Map<string, ReadonlySet<StationId>>(),
  }));
  return stationsRun(command, memo.manifests, 4, memo.known);
}
