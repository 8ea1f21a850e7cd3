import { lintStaged } from "@paved/stations";
import { workspace } from "../catalogue.js";
import { scriptsCalled, toolsRunIn, type ToolCall } from "../commands.js";
import { defineFact, type Facts } from "../facts.js";
import type { Located } from "../pipelines.js";
import type { PackageManifest } from "../project.js";
import { isRecord } from "../record.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { preCommitHook, type PreCommitHook } from "./hooks.js";
import { parseModule } from "./js-module.js";

/** What runs before each commit: the hook's commands, and lint-staged's where the hook runs it. */
export interface CommitCommands {
  hook: PreCommitHook;
  /** The commands the hook runs, each at its line where the file has lines. */
  commands: Located<string>[];
  /** lint-staged's (or nano-staged's) config and its commands, when one is configured. */
  staged?: {
    path: string;
    commands: Located<string>[];
    /** Whether the hook runs it, directly or through a package script. */
    run: boolean;
  };
  /** Files that could not be read, each with why: the commands they hold are unknown. */
  problems: { path: string; problem: string }[];
}

const staging = new RegExp(`\\b(?:${lintStaged.bins.join("|")})\\b`);

export const commitCommands = defineFact<CommitCommands | undefined>({
  id: "commit-commands",
  how: "The pre-commit hook of the first hook manager that has one (see the hook managers of @paved/stations) and the commands it runs: the lines of `.husky/pre-commit`, the `pre-commit` string of package.json's `husky.hooks` (read by husky 4 and before only, so not where a later husky is installed), `simple-git-hooks` or `gitHooks`, or, with husky 4 or before, its `precommit` script (or of a simple-git-hooks file), each `run` of lefthook's `pre-commit` commands and jobs, each `entry` (else `id`) of the pre-commit framework's hooks. Where lint-staged (or nano-staged) is configured (its files, or package.json's `lint-staged` key), its commands: the glob's command or list of commands in a JSON or YAML config, the string literals of a JavaScript config (read as tokens, never run; a preset it re-exports is not followed); it counts as run when a hook command calls it directly or through a package script. Each command at its line in a script or a YAML file; in a JSON file (package.json included) at the file only.",
  read(facts) {
    const index = facts.files;
    const root = facts.get(workspace).projects[0]?.manifest;
    const hook = preCommitHook(index, root);
    if (!hook) return undefined;
    const problems: CommitCommands["problems"] = [];
    const commands = hookCommands(index, hook, problems);
    const staged = stagedCommands(index, root, problems);
    if (!staged) return { hook, commands, problems };
    const run = commands.some(
      (command) =>
        staging.test(command.value) ||
        scriptsCalled(command.value).some((name) => staging.test(root?.scripts?.[name] ?? "")),
    );
    return { hook, commands, staged: { ...staged, run }, problems };
  },
});

/**
 * The tool calls made before each commit: those of the hook's commands and, where the hook
 * runs lint-staged, of its commands, following package scripts; formatter calls that write
 * (`prettier --write`) included, marked `fixes`. Each with the file it is written in.
 */
export function callsOnCommit(facts: Facts): { call: ToolCall; at: Located<string> }[] {
  const found = facts.get(commitCommands);
  if (!found) return [];
  const projects = facts.get(workspace).projects;
  const run = [...found.commands, ...(found.staged?.run ? found.staged.commands : [])];
  return run.flatMap((at) =>
    toolsRunIn(facts.files, projects, at.value, true).map((call) => ({ call, at })),
  );
}

function hookCommands(
  index: RepoIndex,
  hook: PreCommitHook,
  problems: CommitCommands["problems"],
): Located<string>[] {
  const { path } = hook;
  if (hook.command !== undefined) return [{ path, line: undefined, value: hook.command }];
  if (hook.manager.id === "husky") return shellLines(index, path, problems);
  const read = readConfig(index, path, problems);
  if (read === undefined) return [];
  if (hook.manager.id === "lefthook") return lefthookRuns(index, path, read);
  if (hook.manager.id === "pre-commit") return frameworkEntries(index, path, read);
  // simple-git-hooks' own file: `{ "pre-commit": "…" }`.
  if (isRecord(read) && typeof read["pre-commit"] === "string")
    return [{ path, line: lineIn(index, path, ["pre-commit"]), value: read["pre-commit"] }];
  return [];
}

/** A hook script's commands: its lines, comments and blank lines left out. */
function shellLines(
  index: RepoIndex,
  path: string,
  problems: CommitCommands["problems"],
): Located<string>[] {
  const text = index.text(path);
  if (!text.ok) {
    problems.push({ path, problem: text.problem });
    return [];
  }
  return text.value.split("\n").flatMap((line, at) => {
    const value = line.trim();
    return value === "" || value.startsWith("#") ? [] : [{ path, line: at + 1, value }];
  });
}

/**
 * A config file as data: JSON or YAML parsed, a JavaScript module's `pre-commit` properties and
 * string literals as a record (`{ "pre-commit": … }`) or a list of strings.
 */
function readConfig(index: RepoIndex, path: string, problems: CommitCommands["problems"]): unknown {
  if (/\.(?:c|m)?[jt]s$/.test(path)) {
    const text = index.text(path);
    const parsed = text.ok
      ? index.derive(`module:${path}`, () => parseModule(text.value, path))
      : text;
    if (!parsed.ok) {
      problems.push({ path, problem: parsed.problem });
      return undefined;
    }
    const hook = parsed.facts.properties.find(
      (property) => property.key === "pre-commit" && property.value !== undefined,
    );
    return hook ? { "pre-commit": hook.value } : parsed.facts.strings;
  }
  if (path.endsWith(".toml")) {
    problems.push({ path, problem: "a TOML config is not read" });
    return undefined;
  }
  const read = isJson(index, path) ? index.json(path) : index.yaml(path);
  if (!read.ok) {
    problems.push({ path, problem: read.problem });
    return undefined;
  }
  return read.value;
}

/** Whether a config file is JSON: by its name, or (`.lintstagedrc`) by its text opening with a brace. */
function isJson(index: RepoIndex, path: string): boolean {
  if (path.endsWith(".json")) return true;
  if (/\.ya?ml$/.test(path)) return false;
  const text = index.text(path);
  return text.ok && /^\s*[{[]/.test(text.value);
}

/**
 * A key's line in a YAML config. A JSON config (package.json's keys included) goes without: the
 * native JSON parser keeps no positions, and a YAML parser loaded for a line number would cost
 * more than the rest of the hook's reading.
 */
function lineIn(index: RepoIndex, path: string, steps: (string | number)[]): number | undefined {
  return isJson(index, path) ? undefined : index.yamlLine(path, steps);
}

/** lefthook's `pre-commit`: each command's and each job's `run`. */
function lefthookRuns(index: RepoIndex, path: string, config: unknown): Located<string>[] {
  const hook = isRecord(config) ? config["pre-commit"] : undefined;
  if (!isRecord(hook)) return [];
  const runs: Located<string>[] = [];
  const add = (entry: unknown, at: (string | number)[]) => {
    if (isRecord(entry) && typeof entry["run"] === "string")
      runs.push({ path, line: lineIn(index, path, [...at, "run"]), value: entry["run"] });
  };
  const { commands, jobs } = hook;
  if (isRecord(commands))
    for (const [name, entry] of Object.entries(commands))
      add(entry, ["pre-commit", "commands", name]);
  if (Array.isArray(jobs))
    jobs.forEach((entry, i) => {
      add(entry, ["pre-commit", "jobs", i]);
    });
  return runs;
}

/** The pre-commit framework's hooks: a local hook's `entry`, else the hook's `id`. */
function frameworkEntries(index: RepoIndex, path: string, config: unknown): Located<string>[] {
  const repos = isRecord(config) && Array.isArray(config["repos"]) ? config["repos"] : [];
  return repos.flatMap((repo: unknown, r) => {
    const hooks = isRecord(repo) && Array.isArray(repo["hooks"]) ? repo["hooks"] : [];
    return hooks.flatMap((hook: unknown, h): Located<string>[] => {
      if (!isRecord(hook)) return [];
      const key = typeof hook["entry"] === "string" ? "entry" : "id";
      const value = hook[key];
      if (typeof value !== "string") return [];
      return [{ path, line: lineIn(index, path, ["repos", r, "hooks", h, key]), value }];
    });
  });
}

/** lint-staged's config and its commands: each glob's command or commands. */
function stagedCommands(
  index: RepoIndex,
  root: PackageManifest | undefined,
  problems: CommitCommands["problems"],
): { path: string; commands: Located<string>[] } | undefined {
  const file = index.first(lintStaged.configFiles);
  const inManifest = root?.[lintStaged.manifestKey];
  if (!file && inManifest === undefined) return undefined;
  const path = file ?? "package.json";
  const config = file ? readConfig(index, file, problems) : inManifest;
  if (Array.isArray(config))
    return {
      path,
      commands: config
        .filter((item): item is string => typeof item === "string")
        .map((value) => ({ path, line: undefined, value })),
    };
  if (!isRecord(config)) return { path, commands: [] };
  const at = (steps: (string | number)[]) => (file ? lineIn(index, file, steps) : undefined);
  const commands = Object.entries(config).flatMap(([glob, run]): Located<string>[] => {
    if (typeof run === "string") return [{ path, line: at([glob]), value: run }];
    if (!Array.isArray(run)) return [];
    return run.flatMap((item: unknown, i) =>
      typeof item === "string" ? [{ path, line: at([glob, i]), value: item }] : [],
    );
  });
  return { path, commands };
}
