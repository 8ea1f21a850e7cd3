import {
  coverageTools,
  testRunners,
  toolsByStation,
  type StationId,
  type Tool,
  type ToolStation,
} from "@paved/stations";
import type { PackageManifest, Project } from "./project.js";
import { re2 } from "./lazy.js";
import { compileUntrustedGlob } from "./repo/glob.js";
import type { RepoIndex } from "./repo/repo-index.js";
import { denoTaskScripts } from "./tools/deno-tasks.js";
import { nxTargetScripts, projectOnlyTargets } from "./tools/nx-targets.js";

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
export function segmentsOf(command: string): string[] {
  // A native split: in a cold process, several times faster than a loop over the characters.
  const segments: string[] = [];
  for (const part of command.split(/[;|&\n]/))
    if (part !== "") segments.push(part.length > maxSegment ? part.slice(0, maxSegment) : part);
  return segments;
}

/** A call of a known tool in a command: the station it runs and the tool that runs it. */
export interface ToolCall {
  station: ToolStation;
  tool: Tool;
  /** The call writes the fixes instead of checking (`prettier --write`); only when asked for. */
  fixes?: true;
  /**
   * Found only through Nx targets some projects have (`projectOnlyTargets`): `nx run-many -t
   * test` runs it where those targets are, not in every project.
   */
  projectOnly?: true;
}

/** How to read commands: whether to count calls that write fixes, and the repository's own bins. */
export interface CallOptions {
  /** Count formatter calls that write (`prettier --write`, `dprint fmt`) as well as checks. */
  fixes?: boolean;
  /** A package's own bin as its scripts call it (`bin/cmd.cjs`), and the command it is. */
  ownBins?: ReadonlyMap<string, string>;
}

/** Each bin of a known tool, and the tools (per station) that run as it. */
const toolsByBin = new Map<string, ToolCall[]>();
for (const [station, tools] of Object.entries(toolsByStation) as [ToolStation, Tool[]][]) {
  for (const tool of tools)
    for (const bin of tool.bins)
      toolsByBin.set(bin, [...(toolsByBin.get(bin) ?? []), { station, tool }]);
}

/**
 * Options whose next word is their value (a reporter, a module, a directory), never the command
 * a wrapper runs: `lab -r tap` runs lab with tap's output format, not tap.
 */
const valueOptions = new Set([
  "--reporter",
  "--reporters",
  "-R",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "--prefix",
  "--dir",
  "--cwd",
  "--filter",
  "-F",
  "--workspace",
]);

/** A command that contains no bin at all calls no tool. */
const allBins = [...toolsByBin.keys()];

/** The words of a simple command, with the quotes and brackets around them taken off. */
function wordsOf(segment: string): string[] {
  return segment
    .split(/\s+/)
    .map((word) =>
      // Most words have nothing around them: no regular expression for those.
      wrapping.has(word.charAt(0)) || wrapping.has(word.charAt(word.length - 1))
        ? word.replace(/^[("'`]+|[)"'`]+$/g, "")
        : word,
    )
    .filter((word) => word !== "");
}

/** What can stand around a word: quotes and brackets. */
const wrapping = new Set(["(", ")", '"', "'", "`"]);

/**
 * A word as a command name: a path's base name (`./node_modules/.bin/tsc`, `./bin/np.js`),
 * without a pinned version (`semantic-release@25`).
 */
function commandName(word: string, ownBins?: ReadonlyMap<string, string>): string {
  // Called for every word of every command: no regular expression where a word has no path,
  // no `.js` and no version, as most have not.
  if (ownBins !== undefined && ownBins.size > 0) {
    const own = ownBins.get(word.startsWith("./") ? word.slice(2) : word);
    if (own !== undefined) return own;
  }
  const slash = word.lastIndexOf("/");
  let base = slash === -1 ? word : word.slice(slash + 1);
  if (base.endsWith("js")) base = base.replace(/\.(c|m)?js$/, "");
  const at = base.indexOf("@", 1);
  return at > 0 ? base.slice(0, at) : base;
}

const hasFlag = (words: readonly string[], flag: string) =>
  words.some((word) => word === flag || (!flag.includes("=") && word.startsWith(`${flag}=`)));

/** Whether the words after a tool's bin make the call run its station. */
function runsStation(tool: Tool, rest: readonly string[]): boolean {
  return callMatches(rest, tool.subcommands, tool.checkFlags, tool.disablingFlags);
}

/** Whether the words after a formatter's bin make the call write its fixes. */
function writesFixes(tool: Tool, rest: readonly string[]): boolean {
  const { fixes } = tool;
  if (!fixes) return false;
  const disabling = (tool.disablingFlags ?? []).filter((flag) => !fixes.flags?.includes(flag));
  return callMatches(rest, fixes.subcommands ?? tool.subcommands, fixes.flags, disabling);
}

function callMatches(
  rest: readonly string[],
  subcommands: readonly string[] | undefined,
  flags: readonly string[] | undefined,
  disabling: readonly string[] | undefined,
): boolean {
  if (subcommands) {
    const words = rest.filter((word) => !word.startsWith("-"));
    const said = (sub: string) => sub.split(" ").every((part, i) => words[i] === part);
    if (!subcommands.some(said)) return false;
  }
  if (flags && !flags.some((flag) => hasFlag(rest, flag))) return false;
  return !(disabling ?? []).some((flag) => hasFlag(rest, flag));
}

/**
 * The known tools one command line calls (not following scripts), from the tables of
 * @paved/stations. A check wins over a fix of the same tool (`prettier --check --write`).
 */
export function toolCalls(command: string, options: CallOptions = {}): ToolCall[] {
  if (typeof command !== "string") return [];
  const { ownBins, fixes = false } = options;
  const named = (bin: string) => command.includes(bin);
  if (!allBins.some(named) && !(ownBins !== undefined && [...ownBins.keys()].some(named)))
    return [];
  const calls = new Map<string, ToolCall>();
  for (const segment of segmentsOf(command)) {
    const words = wordsOf(segment);
    words.forEach((word, at) => {
      // `.` is the package itself only as what `node` runs; elsewhere it is a path (`eslint .`).
      if (word === "." && words[at - 1] !== "node") return;
      // The value of an option is no command: `mocha --reporter tap`, `npm --prefix test/webpack`.
      if (at > 0 && valueOptions.has(words[at - 1] ?? "")) return;
      // `-r` takes a value (a reporter, a module) except as pnpm's `--recursive`.
      if (words[at - 1] === "-r" && !scriptRunners.has(words[at - 2] ?? "")) return;
      const known = toolsByBin.get(commandName(word, ownBins));
      if (known === undefined) return;
      const rest = words.slice(at + 1);
      for (const call of known) {
        const key = `${call.station}/${call.tool.id}`;
        if (calls.has(key) && !calls.get(key)?.fixes) continue;
        if (runsStation(call.tool, rest)) calls.set(key, call);
        else if (
          fixes &&
          call.station === "format" &&
          !calls.has(key) &&
          writesFixes(call.tool, rest)
        )
          calls.set(key, { ...call, fixes: true });
      }
    });
  }
  return [...calls.values()];
}

/**
 * The bins the given packages declare (`"bin": { "standard": "bin/cmd.cjs" }`) where the package
 * is the known tool of that name: its own scripts call it by path (`./bin/cmd.cjs --verbose`).
 * Only a tool's own package counts, so a package cannot pass off any file as a known tool.
 */
export function ownToolBins(
  manifests: readonly (PackageManifest | undefined)[],
): Map<string, string> {
  const bins = new Map<string, string>();
  for (const manifest of manifests) {
    const name = manifest?.name;
    if (typeof name !== "string") continue;
    const declared: unknown = manifest?.bin;
    const entries =
      typeof declared === "string"
        ? [[name.slice(name.lastIndexOf("/") + 1), declared] as const]
        : declared !== null && typeof declared === "object"
          ? Object.entries(declared as Record<string, unknown>)
          : [];
    for (const [bin, path] of entries) {
      if (typeof path !== "string" || path.length > 256) continue;
      const known = toolsByBin.get(bin)?.some((call) => call.tool.packages.includes(name));
      if (!known) continue;
      bins.set(path.replace(/^\.\//, ""), bin);
      // `node .` runs the package itself: the tool its name is (npm's own `node . audit`).
      if (bin === name.slice(name.lastIndexOf("/") + 1)) bins.set(".", bin);
    }
  }
  return bins;
}

/** The tools that can gate a test run on coverage, by bin. */
const gatesByBin = new Map<string, Tool[]>();
for (const tool of [...testRunners, ...coverageTools])
  if (tool.coverageGates)
    for (const bin of tool.bins) gatesByBin.set(bin, [...(gatesByBin.get(bin) ?? []), tool]);

const percentage = /^\d+(?:\.\d+)?$/;
const gateBins = [...gatesByBin.keys()];

/** Whether the words after a bin hold one of a tool's coverage gates (see `Tool.coverageGates`). */
function gateIn(words: readonly string[], gate: string): boolean {
  return words.some((word, i) => {
    if (gate.endsWith("="))
      return word.startsWith(gate)
        ? percentage.test(word.slice(gate.length))
        : word === gate.slice(0, -1) && percentage.test(words[i + 1] ?? "");
    if (gate.endsWith(".")) return word.startsWith(gate);
    return word === gate || (word.startsWith(`${gate}=`) && word !== `${gate}=false`);
  });
}

/**
 * The coverage gate one command line sets, if any: a test runner or coverage tool of
 * @paved/stations called with one of its threshold flags (`bnt --coverage 100`, `c8 --100`,
 * `node --test --test-coverage-lines=80`, `borp --check-coverage`).
 */
export function coverageGate(command: string): { tool: Tool; flag: string } | undefined {
  if (typeof command !== "string" || !gateBins.some((bin) => command.includes(bin)))
    return undefined;
  for (const segment of segmentsOf(command)) {
    const words = wordsOf(segment);
    for (const [at, word] of words.entries())
      for (const tool of gatesByBin.get(commandName(word)) ?? []) {
        const rest = words.slice(at + 1);
        const flag = tool.coverageGates?.find((gate) => gateIn(rest, gate));
        if (flag !== undefined) return { tool, flag: flag.replace(/[=.]$/, "") };
      }
  }
  return undefined;
}

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

/** The runners' names `scriptCalls`' searches start with (`pnpm` and `npm-run-all` contain `npm`). */
const scriptRunnerNames = ["npm", "yarn", "bun", "deno", "run-", "nx", "turbo", "lerna"];

/** A script a command runs, and whether in every package of the workspace or only its own. */
export interface ScriptCall {
  name: string;
  /**
   * Run in every package (`pnpm -r`, `npm --workspaces`, `yarn workspaces foreach`, Lerna, Nx,
   * Turborepo), not only in the package whose directory the command runs in: `pnpm lint` at a
   * workspace's root runs the root's `lint`, never a package's.
   */
  everywhere: boolean;
}

/** The package managers' own commands, which are no script names (`npm ci`, `pnpm add`). */
const managerCommands = new Set([
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
  "workspaces",
]);

/** Flags that make a package manager run a script in every workspace package. */
const recursiveFlag = /\s(?:-r|--recursive|--workspaces|-ws|--ws|--selected)(?=\s|$)/;

/** The rest of the simple command that starts at `at` (up to `&&`, `||`, `;`, `|` or a line). */
function commandFrom(command: string, at: number): string {
  const end = command.slice(at).search(/&&|\|\||[;|\n]/);
  return end === -1 ? command.slice(at) : command.slice(at, at + end);
}

/**
 * Script names a command runs, and where (`ScriptCall`): `npm run x`, `pnpm x`, `yarn x`,
 * `deno task x`, `nx run-many -t x y`, `turbo run x`, `lerna run x`.
 */
export function scriptCalls(command: string): ScriptCall[] {
  const calls: ScriptCall[] = [];
  if (typeof command !== "string") return calls;
  // Each search below runs only where its runner's name is in the command at all: most scripts
  // (`eslint .`) name none, and are answered without one.
  const has = (word: string) => command.includes(word);
  if (!scriptRunnerNames.some(has)) return calls;
  const here = (name: string) => calls.push({ name, everywhere: false });
  const everywhere = (name: string) => calls.push({ name, everywhere: true });
  // Options that take a value (`--filter web`, `-w pkg`) and `yarn workspace pkg` name a package,
  // not a script: drop them before looking for the script name.
  const simplified = command
    .slice(0, 4096)
    // pnpm's `-w` is the workspace root, a flag: npm's `-w` takes a workspace's name.
    .replace(/(\bpnpm\b[^&|;\n]*?)\s-w(?=\s)/g, "$1 --workspace-root")
    // What selects packages or a directory stays as a mark: the packages it takes in are worked
    // out by `directoryParts` where they can be; where they cannot, any package may run it.
    .replace(/\s(?:--filter|-F|--workspace|-w|-C|--dir|--prefix)(?:=|\s+)\S+/g, " --selected")
    .replace(/\byarn\s+workspace\s+\S+/g, "yarn --selected");
  for (const match of has("npm") || has("yarn") || has("bun")
    ? simplified.matchAll(
        // Options after `run` only where `run` is: two option runs side by side would backtrack
        // quadratically on a hostile command.
        /\b(?:npm|pnpm|yarn|bun)\s+(?:-[\w-]+\s+)*(?:(run(?:-script)?\s+)(?:-[\w-]+\s+)*)?([\w:.][\w:.-]*)/g,
      )
    : []) {
    const name = match[2] ?? "";
    // `pnpm run ci` names a script; `npm ci` is the manager's own command.
    if (match[1] === undefined && managerCommands.has(name)) continue;
    // npm reads its flags anywhere before `--` (`npm run lint --workspaces`); pnpm's come first.
    const rest = commandFrom(simplified, match.index).split(/\s--(?:\s|$)/)[0] ?? "";
    (recursiveFlag.test(rest) ? everywhere : here)(name);
  }
  // Yarn's `yarn workspaces run x` (1.x) and `yarn workspaces foreach -A run x` (2 and later).
  for (const match of has("yarn")
    ? simplified.matchAll(/\byarn\s+workspaces\s+(?:foreach\b[^&|;\n]*?\s)?run\s+([\w:.-]+)/g)
    : [])
    everywhere(match[1] ?? "");
  // pnpm's `pnpm run /^test:/`: every script the regular expression matches, kept as `/…/`.
  for (const match of has("pnpm")
    ? simplified.matchAll(/\bpnpm\s+(?:-[\w-]+\s+)*run\s+["']?\/([^/\s"']{1,128})\/(?=["'\s]|$)/g)
    : []) {
    const name = `/${match[1] ?? ""}/`;
    (recursiveFlag.test(commandFrom(simplified, match.index)) ? everywhere : here)(name);
  }
  // `deno task --cwd pkg test`: Deno's options that take a value name a directory or a file.
  for (const match of has("deno")
    ? command
        .slice(0, 4096)
        .matchAll(
          /\bdeno\s+task\s+((?:(?:--cwd|--config|-c|--filter|-f)(?:=|\s+)\S+\s+|-[\w-]+\s+)*)([\w:.-]+)/g,
        )
    : [])
    (/(?:^|\s)(?:-r|--recursive|--filter|-f)(?:[=\s]|$)/.test(match[1] ?? "") ? everywhere : here)(
      match[2] ?? "",
    );
  // npm-run-all's `run-s lint:* test`: script names, some of them globs.
  for (const match of has("run-")
    ? simplified.matchAll(/\b(?:npm-run-all2?|run-s|run-p)\b([^&|;\n]*)/g)
    : []) {
    for (const word of (match[1] ?? "").split(/\s+/))
      if (/^["']?[\w:.*][\w:.*-]*["']?$/.test(word)) here(word.replace(/["']/g, ""));
  }
  for (const match of has("lerna") ? simplified.matchAll(/\blerna\s+run\s+([\w:.-]+)/g) : [])
    everywhere(match[1] ?? "");
  if (!has("nx") && !has("turbo")) return calls;
  for (const match of command.matchAll(/\bnx\s+(?:run-many|affected)\b([^&|;\n]*)/g)) {
    const targets = /(?:-t|--targets?)[=\s]+([\w:,\s-]+?)(?:\s+-|$)/.exec(match[1] ?? "");
    for (const target of (targets?.[1] ?? "").split(/[\s,]+/)) if (target) everywhere(target);
  }
  // `turbo run build lint`: each package's tasks; `//#lint`, the root's own task (its script);
  // `web#build`, one package's. The words up to the first option, split rather than matched.
  for (const match of has("turbo") ? command.slice(0, 4096).matchAll(/\bturbo\s+/g) : []) {
    const words = commandFrom(command.slice(0, 4096), match.index + match[0].length)
      .trim()
      .split(/\s+/);
    for (const word of words[0] === "run" ? words.slice(1) : words) {
      if (word === "" || word.startsWith("-")) break;
      const task = /^(?:(\/\/)|[\w@/.-]+)?#([\w:.-]+)$/.exec(word);
      if (task !== null) (task[1] === undefined ? everywhere : here)(task[2] ?? "");
      else if (/^[\w:.-]+$/.test(word)) everywhere(word);
    }
  }
  for (const match of command.matchAll(/\bnx\s+(?:run\s+)?[\w@/.-]+:([\w-]+)/g))
    everywhere(match[1] ?? "");
  // `nx test my-lib`, `nx lint`: Nx's target-first form.
  for (const match of command.matchAll(/\bnx\s+([a-z][\w-]*)(?=\s|$)/g)) {
    const target = match[1] ?? "";
    if (!nxCommands.has(target)) everywhere(target);
  }
  return calls;
}

/** The names of the scripts a command runs (`scriptCalls`), wherever they run. */
export function scriptsCalled(command: string): string[] {
  return scriptCalls(command).map((call) => call.name);
}

const scriptRunners = new Set(["npm", "pnpm", "yarn", "bun"]);

/**
 * What a command passes on to script `name`, appended to the script when it runs: everything
 * after the name for pnpm, Yarn and Bun (`pnpm format --write`), only what follows `--` for npm
 * (`npm run format -- --write`); "" when nothing is. Words are split on spaces, each simple
 * command (`&&`, `;`, `|`) on its own.
 */
export function argumentsTo(command: string, name: string): string {
  if (typeof command !== "string") return "";
  for (const segment of command.slice(0, 4096).split(/&&|\|\||[;|&\n]/)) {
    const words = segment.trim().split(/\s+/);
    const runner = words[0] ?? "";
    if (!scriptRunners.has(runner)) continue;
    let at = 1;
    while (at < words.length && (words[at] ?? "").startsWith("-")) at += 1;
    if (words[at] === "run" || words[at] === "run-script") at += 1;
    if (words[at] !== name) continue;
    const rest = words.slice(at + 1);
    const passed = runner === "npm" ? rest.slice(rest.indexOf("--") + 1 || rest.length) : rest;
    return passed.filter((word) => word !== "--").join(" ");
  }
  return "";
}

/**
 * The scripts a pnpm `/regex/` selector names, matched by RE2 (linear time: the pattern is the
 * repository's); a pattern RE2 cannot compile names none.
 */
function scriptsMatchingRegex(source: string, manifests: readonly (PackageManifest | undefined)[]) {
  let pattern: { matches(input: string): boolean } | undefined;
  try {
    const { RE2JS } = re2();
    const compiled = RE2JS.compile(source);
    pattern = { matches: (input) => compiled.matcher(input).find() };
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const manifest of manifests)
    for (const name of Object.keys(manifest?.scripts ?? {}))
      if (name.length <= 256 && pattern.matches(name)) names.add(name);
  return [...names].slice(0, 256);
}

/**
 * The scripts an npm-run-all glob names: `*` stands for any characters but `:`, `**` for any.
 * The glob is a short word of `[\w:.*-]`, turned into a pattern without nested repetition.
 */
function scriptsMatching(glob: string, manifests: readonly (PackageManifest | undefined)[]) {
  // Each wildcard multiplies the pattern's worst case: more than a few is no script name.
  if (glob.split("*").length > 5) return [];
  const source = glob
    .slice(0, 128)
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((text) => text.replace(/[.]/g, "\\."))
        .join("[^:]*"),
    )
    .join(".*");
  const pattern = new RegExp(`^${source}$`);
  const names = new Set<string>();
  for (const manifest of manifests)
    for (const name of Object.keys(manifest?.scripts ?? {}))
      if (name.length <= 256 && pattern.test(name)) names.add(name);
  return [...names].slice(0, 256);
}

/**
 * The tool calls a command makes, following the scripts it calls through every manifest given
 * (root and packages), a few levels deep. Each (command, depth) is worked out once per call:
 * in a monorepo where every package has a script of the same name calling back to the root,
 * the unshared walk grows as the number of packages to the power of the depth. A memo holds
 * the results of one set of options: give each its own.
 */
export function toolsRun(
  command: string,
  manifests: readonly (PackageManifest | undefined)[],
  depth = 4,
  memo = new Map<string, readonly ToolCall[]>(),
  options: CallOptions = { ownBins: ownToolBins(manifests) },
): readonly ToolCall[] {
  return walk(command, { manifests, memo, options }, depth, new Set()).calls;
}

interface Walk {
  manifests: readonly (PackageManifest | undefined)[];
  memo: Map<string, readonly ToolCall[]>;
  options: CallOptions;
  /**
   * The manifest of each project directory, for commands that change into one (`cd dir &&
   * npm test`, `npm --prefix dir test`): their scripts are that package's, or, in a directory
   * that is no project (a fixture), none the audit knows.
   */
  dirs?: ReadonlyMap<string, PackageManifest | undefined>;
  /** The walks of the directories met, each with its own memo. */
  inDir?: Map<string, Walk>;
  /**
   * The scripts of the directory the commands run in (the root's package.json and Deno tasks),
   * where a script called without a recursive flag runs; undefined: in any of `manifests`.
   */
  here?: readonly (PackageManifest | undefined)[];
  /** The walk of the scripts run in every package, with its own memo (see `everywhere`). */
  everywhere?: Walk;
}

/**
 * The walk of scripts a command runs in every package (`pnpm -r lint`): any package's script
 * of that name, and what those scripts call, found in any package.
 */
function everywhereWalk(through: Walk): Walk {
  through.everywhere ??= {
    manifests: through.manifests,
    memo: new Map(),
    options: through.options,
  };
  return through.everywhere;
}

/** A directory a command changes into, relative to where it runs: `packages/a` (no `./`, no `/` at the end). */
function plainDirectory(word: string): string | undefined {
  const dir = word
    .replace(/^["']|["']$/g, "")
    .replace(/^\.\//, "")
    .replace(/\/+$/, "");
  // The root itself, a variable, home, an absolute path or a way up: where it lands is unknown.
  if (dir === "" || dir === "." || /[$~`*?]|^\/|(^|\/)\.\.(\/|$)|^-$/.test(dir)) return undefined;
  return dir;
}

/** Options of the package managers that name the directory the script runs in. */
const directoryOption = /(?:^|\s)(?:--prefix|-C|--dir|--cwd)(?:=|\s+)(\S+)/;

/**
 * A command cut where it changes directory (`cd test/webpack && npm test`), each part with the
 * directory it runs in (undefined: where the command started). Undefined when it never does,
 * or changes into a directory that cannot be told (`cd $DIR`): then it is read as a whole.
 */
export function directoryParts(
  command: string,
): { dir: string | undefined; filter?: string[]; command: string }[] | undefined {
  if (
    !command.includes("cd ") &&
    !directoryOption.test(command) &&
    !packageOption.test(command) &&
    !command.includes("workspace ")
  )
    return undefined;
  const parts: { dir: string | undefined; filter?: string[]; command: string }[] = [];
  let dir: string | undefined;
  let moved = false;
  for (const segment of command.slice(0, 4096).split(/&&|\|\||;|\n/)) {
    const words = segment.trim().split(/\s+/);
    if (words[0] === "cd" && words.length <= 2) {
      if (words.length === 1 || words[1] === "." || words[1] === "./") {
        dir = undefined;
        continue;
      }
      const next = plainDirectory(words[1] ?? "");
      if (next === undefined) return undefined;
      dir = dir === undefined ? next : `${dir}/${next}`;
      moved = true;
      continue;
    }
    // `npm --prefix dir test`, `pnpm -C dir lint`, `yarn --cwd dir build`: that command alone.
    const option = scriptRunners.has(words[0] ?? "") ? directoryOption.exec(segment) : null;
    const optionDir = option ? plainDirectory(option[1] ?? "") : undefined;
    const here =
      optionDir === undefined ? dir : dir === undefined ? optionDir : `${dir}/${optionDir}`;
    if (optionDir !== undefined) moved = true;
    // `pnpm --filter a lint`, `npm -w packages/a test`, `yarn workspace a build`: the packages
    // the selectors name run the script, that command alone.
    const filter =
      scriptRunners.has(words[0] ?? "") || words[0] === "turbo"
        ? packageSelectors(words)
        : undefined;
    if (filter !== undefined) {
      moved = true;
      parts.push({ dir: here, filter, command: segment.trim() });
      continue;
    }
    const last = parts.at(-1);
    if (last !== undefined && last.dir === here && last.filter === undefined)
      last.command += ` && ${segment.trim()}`;
    else parts.push({ dir: here, command: segment.trim() });
  }
  return moved ? parts : undefined;
}

/** Options of the package managers that select workspace packages by name or path. */
const packageOption = /(?:^|\s)(?:--filter|-F|--workspace|-w)(?:=|\s+)\S/;

/**
 * The package selectors of one command (`--filter a --filter ./packages/**`, `-w a`, `yarn
 * workspace a`), or undefined where it selects none, or selects what cannot be told here
 * (dependencies with `...`, changes since a commit with `[ref]`): then every package counts.
 */
function packageSelectors(words: readonly string[]): string[] | undefined {
  const selectors: string[] = [];
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i] ?? "";
    if (words[0] === "yarn" && i === 1 && word === "workspace") {
      const name = words[i + 1];
      return name === undefined ? undefined : [name];
    }
    const option = /^(--filter|-F|--workspace|-w)(?:=(.*))?$/.exec(word);
    if (option === null) continue;
    // pnpm's `-w` is the workspace root; npm's names a workspace.
    if (option[1] === "-w" && words[0] === "pnpm") {
      selectors.push(".");
      continue;
    }
    const value = (option[2] ?? words[(i += 1)] ?? "").replace(/^["']|["']$/g, "");
    if (value === "" || value.includes("...") || value.includes("[") || value.includes("^"))
      return undefined;
    selectors.push(value);
  }
  return selectors.length > 0 ? selectors : undefined;
}

/**
 * Whether `value` matches a selector's glob (`*` any run but `/`, `**` any run), by the
 * linear-time glob engine: the selector is the repository's.
 */
function globMatches(glob: string, value: string): boolean {
  let compiled = selectorGlobs.get(glob);
  if (compiled === undefined) {
    compiled = compileUntrustedGlob(glob, { dot: true });
    // A fleet audits many repositories in one process: the cache stays small.
    if (selectorGlobs.size >= 1024) selectorGlobs.clear();
    selectorGlobs.set(glob, compiled);
  }
  return "match" in compiled && compiled.match(value);
}

/** Each selector's glob, compiled once per process: a selector is matched against every package. */
const selectorGlobs = new Map<string, ReturnType<typeof compileUntrustedGlob>>();

/** Whether a selector (a name or `./path`, `{path}`, either with globs) takes a project in. */
function selects(selector: string, dir: string, name: unknown): boolean {
  const braced = /^\{(.*)\}$/.exec(selector)?.[1];
  const isPath = braced !== undefined || selector.startsWith("./") || selector === ".";
  if (isPath) {
    const path = (braced ?? selector).replace(/^\.\/?/, "").replace(/\/+$/, "");
    if (path === "") return dir === "";
    // `./packages/**` takes the packages under it, not `packages` itself.
    return globMatches(path, dir);
  }
  return typeof name === "string" && (globMatches(selector, name) || selector === dir);
}

/**
 * The walk of the scripts of directory `dir` (its project's manifest, or none), or, with
 * `filter`, of the projects its selectors take in (excluded with `!`).
 */
function walkIn(through: Walk, dir: string | undefined, filter?: readonly string[]): Walk {
  through.inDir ??= new Map();
  const key = filter === undefined ? (dir ?? "") : `${dir ?? ""}\0${filter.join("\0")}`;
  let inner = through.inDir.get(key);
  if (inner === undefined) {
    let manifests: (PackageManifest | undefined)[];
    if (filter === undefined) {
      const manifest = through.dirs?.get(dir ?? "");
      manifests = manifest === undefined ? [] : [manifest];
    } else {
      const included = filter.filter((selector) => !selector.startsWith("!"));
      const excluded = filter.filter((selector) => selector.startsWith("!")).map((x) => x.slice(1));
      manifests = [...(through.dirs ?? [])]
        .filter(
          ([project, manifest]) =>
            (included.length === 0 || included.some((x) => selects(x, project, manifest?.name))) &&
            !excluded.some((x) => selects(x, project, manifest?.name)),
        )
        .map(([, manifest]) => manifest);
    }
    inner = { manifests, memo: new Map(), options: through.options };
    through.inDir.set(key, inner);
  }
  return inner;
}

/** Each script name of a list of manifests, with its distinct scripts in the manifests' order. */
const scriptIndexes = new WeakMap<
  readonly (PackageManifest | undefined)[],
  Map<string, Map<unknown, boolean>>
>();

/**
 * The scripts of `manifests` by name, built once per list: a walk asks for three names (`pre`,
 * the name, `post`) of every script it meets, in every manifest of a workspace, and most of
 * them are in none. The same script in many packages (`"test": "vitest run"`) is walked once:
 * asked of each of 698 manifests, the walk took 5.4 s of a 6.5 s audit (docs/benchmarks.md).
 * Each script says whether only Nx targets some projects have give it (`projectOnlyTargets`).
 */
function scriptsByName(
  manifests: readonly (PackageManifest | undefined)[],
): Map<string, Map<unknown, boolean>> {
  let index = scriptIndexes.get(manifests);
  if (index === undefined) {
    index = new Map();
    for (const manifest of manifests) {
      const scripts: unknown = manifest?.scripts;
      if (scripts === null || typeof scripts !== "object") continue;
      const projectOnly = manifest !== undefined && projectOnlyTargets.has(manifest);
      for (const [name, script] of Object.entries(scripts)) {
        if (script === undefined) continue;
        const known = index.get(name);
        if (known) known.set(script, (known.get(script) ?? true) && projectOnly);
        else index.set(name, new Map([[script, projectOnly]]));
      }
    }
    scriptIndexes.set(manifests, index);
  }
  return index;
}

/**
 * A call into the calls a walk found: a check found anywhere in the walk wins over a fix of the
 * same tool, and a call every project makes over one only some projects' targets make.
 */
function addCall(found: Map<string, ToolCall>, call: ToolCall): void {
  const id = `${call.station}/${call.tool.id}`;
  const prior = found.get(id);
  if (
    prior === undefined ||
    (prior.fixes === true && call.fixes !== true) ||
    (prior.fixes === call.fixes && prior.projectOnly === true && call.projectOnly !== true)
  )
    found.set(id, call);
}

/**
 * One step of `toolsRun`. A result that the depth limit did not cut short holds at any depth,
 * so it is kept under the command alone; a cut-short one only under its depth. A command met
 * again inside its own walk (a script that calls itself) adds nothing there.
 */
function walk(
  command: string,
  through: Walk,
  depth: number,
  active: Set<string>,
): { calls: readonly ToolCall[]; complete: boolean } {
  const { manifests, memo } = through;
  if (typeof command !== "string") return { calls: [], complete: true };
  const whole = memo.get(`\0${command}`);
  if (whole) return { calls: whole, complete: true };
  const key = `${String(depth)}\0${command}`;
  const known = memo.get(key);
  if (known) return { calls: known, complete: false };
  // Met inside its own walk: its calls are counted where that walk began. (A walk in between
  // then misses the first command's own tool calls, which in the workspace pattern, a package
  // script calling `nx <target>` that calls the package script again, are none.)
  if (active.has(command)) return { calls: [], complete: true };
  const parts = through.dirs === undefined ? undefined : directoryParts(command);
  if (parts !== undefined) {
    // Each part in its own directory: there, only that package's scripts run.
    active.add(command);
    const merged = new Map<string, ToolCall>();
    let whole = true;
    for (const part of parts) {
      const inner =
        part.dir === undefined && part.filter === undefined
          ? walk(part.command, through, depth, active)
          : walk(part.command, walkIn(through, part.dir, part.filter), depth, new Set());
      for (const call of inner.calls) addCall(merged, call);
      whole &&= inner.complete;
    }
    active.delete(command);
    const calls = [...merged.values()];
    memo.set(whole ? `\0${command}` : key, calls);
    return { calls, complete: whole };
  }
  active.add(command);
  const found = new Map<string, ToolCall>();
  const add = (call: ToolCall) => {
    addCall(found, call);
  };
  toolCalls(command, through.options).forEach(add);
  let complete = true;
  // A script called without a recursive flag runs where the command does (`here`); one called
  // in every package, in any package's scripts, walked on in the walk of every package.
  const pools: { pool: readonly (PackageManifest | undefined)[]; next: Walk; names: string[] }[] =
    [];
  for (const call of scriptCalls(command)) {
    const local = !call.everywhere && through.here !== undefined;
    const pool = local ? (through.here ?? manifests) : manifests;
    const next = local || through.here === undefined ? through : everywhereWalk(through);
    let entry = pools.find((known) => known.next === next);
    if (entry === undefined) pools.push((entry = { pool, next, names: [] }));
    const { name } = call;
    const named =
      name.length > 2 && name.startsWith("/") && name.endsWith("/")
        ? scriptsMatchingRegex(name.slice(1, -1), pool)
        : name.includes("*")
          ? scriptsMatching(name, pool)
          : [name];
    // npm runs `pre<name>` and `post<name>` around a script it is asked to run.
    for (const one of named) entry.names.push(`pre${one}`, one, `post${one}`);
  }
  for (const { pool, next, names } of pools) {
    const byName = scriptsByName(pool);
    for (const name of new Set(names)) {
      const scripts = byName.get(name);
      if (scripts === undefined) continue;
      if (depth === 0) {
        complete = false;
        continue;
      }
      // The arguments a command gives a script reach its last command (`pnpm format --write`).
      const passed = argumentsTo(command, name);
      for (const [script, projectOnly] of scripts) {
        const inner = walk(
          passed === "" ? (script as string) : `${String(script)} ${passed}`,
          next,
          depth - 1,
          active,
        );
        for (const call of inner.calls) add(projectOnly ? { ...call, projectOnly: true } : call);
        complete &&= inner.complete;
      }
    }
  }
  active.delete(command);
  const calls = [...found.values()];
  memo.set(complete ? `\0${command}` : key, calls);
  return { calls, complete };
}

/** The stations a command runs, following the scripts it calls (see `toolsRun`). */
export function stationsRun(
  command: string,
  manifests: readonly (PackageManifest | undefined)[],
): Set<StationId> {
  return new Set(toolsRun(command, manifests).map((call) => call.station));
}

/**
 * The tool calls a CI command makes in an audited repository, following the scripts of its
 * projects: one memo per index (and per reading, `fixes` or not), so that every rule asking
 * about the same commands shares it. The projects' own bins count as the tools they are.
 */
export function toolsRunIn(
  index: RepoIndex,
  projects: readonly Project[],
  command: string,
  fixes = false,
): readonly ToolCall[] {
  const memo = index.derive(`commands:tools:${String(fixes)}`, () => {
    // Deno tasks share the scripts' names, as `deno task` runs package.json scripts too.
    const manifests = [
      ...projects.map((project) => project.manifest),
      ...nxTargetScripts(index, projects),
      ...denoTaskScripts(index, projects),
    ];
    const root = projects.find((project) => project.dir === "");
    const through: Walk = {
      manifests,
      memo: new Map(),
      options: { fixes, ownBins: ownToolBins(manifests) },
      dirs: new Map(projects.map((project) => [project.dir, project.manifest])),
      // A repository of one package runs its scripts wherever they are called from.
      ...(projects.length > 1
        ? {
            here: root === undefined ? [] : [root.manifest, ...denoTaskScripts(index, [root])],
          }
        : {}),
    };
    return through;
  });
  return walk(command, memo, 4, new Set()).calls;
}

/** The stations a CI command runs in an audited repository (see `toolsRunIn`). */
export function stationsRunIn(
  index: RepoIndex,
  projects: readonly Project[],
  command: string,
): ReadonlySet<StationId> {
  return new Set(toolsRunIn(index, projects, command).map((call) => call.station));
}
