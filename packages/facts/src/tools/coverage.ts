import { posix } from "node:path";
import { vitestConfigFiles, type Tool } from "@paved/stations";
import { ciCommands, workspace } from "../catalogue.js";
import { coverageGate } from "../commands.js";
import { defineProjectFact } from "../facts.js";
import type { Located } from "../pipelines.js";
import { findUp, inProject, type Project } from "../project.js";
import { isRecord } from "../record.js";
import type { RepoIndex } from "../repo/repo-index.js";
import { parseModule } from "./js-module.js";

/** A command that fails the tests under a coverage threshold, and where it is written. */
export interface CoverageGate {
  tool: Tool;
  flag: string;
  command: string;
  /** `the "test" script of package.json`, `CI (.github/workflows/ci.yml)`. */
  by: string;
  path: string;
  line?: number;
}

export const coverageGates = defineProjectFact<CoverageGate | undefined>({
  id: "coverage-gate",
  how: "The first command of the project's package.json scripts, the root's, or CI that calls a test runner or coverage tool of @paved/stations with one of its threshold flags: `bnt --coverage N`, `node --test --test-coverage-lines=N` (branches, functions), `c8`/`nyc --check-coverage` or `--100`, `borp --check-coverage`, `vitest --coverage.thresholds.*`, `jest --coverageThreshold`. A number alone (`c8 --lines 80`) sets no gate: without `--check-coverage` nothing fails.",
  read(facts, project) {
    const root = facts.get(workspace).projects[0];
    const owners = project.dir === "" || !root ? [project] : [project, root];
    for (const owner of owners)
      for (const [name, script] of Object.entries(owner.manifest?.scripts ?? {})) {
        const gate = coverageGate(script);
        const path = inProject(owner, "package.json");
        if (gate) return { ...gate, command: script, by: `the "${name}" script of ${path}`, path };
      }
    // The same for every project: worked out once per index.
    return facts.files.derive("coverage:ci-gate", () => ciGate(facts.get(ciCommands)));
  },
});

function ciGate(commands: readonly Located<string>[]): CoverageGate | undefined {
  for (const command of commands) {
    const gate = coverageGate(command.value);
    if (gate)
      return {
        ...gate,
        command: command.value,
        by: `CI (${command.path})`,
        path: command.path,
        ...(command.line ? { line: command.line } : {}),
      };
  }
  return undefined;
}

const vitestConfigs = [...vitestConfigFiles, "vitest.workspace.ts"];
const jestConfigs = ["js", "ts", "mjs", "cjs", "json"].map((ext) => `jest.config.${ext}`);
const c8Configs = [".c8rc", ".c8rc.json", ".nycrc", ".nycrc.json", ".nycrc.yml", ".nycrc.yaml"];

/**
 * The config file the project's test script names with `--config`/`-c` (a workspace's shared
 * setup), as a repository path; undefined when it names none, or a file the repository lacks.
 */
function namedConfig(index: RepoIndex, project: Project): string | undefined {
  const script = project.manifest?.scripts?.["test"] ?? "";
  const named = /(?:^|\s)(?:--config|-c)(?:=|\s+)["']?([^\s"']+)/.exec(script.slice(0, 2048))?.[1];
  if (named === undefined) return undefined;
  const path = posix.normalize(posix.join(project.dir, named));
  return path.startsWith("../") || posix.isAbsolute(path) ? undefined : index.first([path]);
}

/** A coverage threshold set in a config, or why a config that might set one could not be read. */
export type CoverageConfig =
  { path: string; ok: true; what: string } | { path: string; ok: false; problem: string };

/** Whether a test config sets a threshold: a `thresholds` or `coverageThreshold` key it writes. */
function configThreshold(index: RepoIndex, path: string): CoverageConfig | undefined {
  if (path.endsWith(".json")) {
    const read = index.json(path);
    if (!read.ok) return { path, ok: false, problem: read.problem };
    return isRecord(read.value) && read.value["coverageThreshold"] !== undefined
      ? { path, ok: true, what: "coverageThreshold" }
      : undefined;
  }
  const text = index.text(path);
  if (!text.ok) return { path, ok: false, problem: text.problem };
  const parsed = index.derive(`module:${path}`, () => parseModule(text.value, path));
  if (!parsed.ok) return { path, ok: false, problem: parsed.problem };
  const key = ["thresholds", "coverageThreshold"].find((name) => parsed.facts.keys.has(name));
  return key ? { path, ok: true, what: key } : undefined;
}

export const coverageConfig = defineProjectFact<CoverageConfig | undefined>({
  id: "coverage-config",
  how: "A coverage threshold set in a config: the config the `test` script names with `--config`, the nearest Vitest or Vite config, or Jest config, read as tokens (never run) for a `thresholds` or `coverageThreshold` key it writes (a comment or a string that mentions one does not count); package.json's `jest.coverageThreshold`; a c8 or nyc config (package.json's `nyc` or `c8` key, `.c8rc`, `.nycrc`, JSON or YAML) with `check-coverage: true`. A config that cannot be read is named with why.",
  read(facts, project) {
    const index = facts.files;
    const configs = [
      namedConfig(index, project),
      findUp(index, project, vitestConfigs),
      findUp(index, project, jestConfigs),
    ];
    for (const config of configs) {
      const found = config ? configThreshold(index, config) : undefined;
      if (found) return found;
    }
    const jest = project.manifest?.["jest"];
    if (isRecord(jest) && jest["coverageThreshold"] !== undefined)
      return { path: inProject(project, "package.json"), ok: true, what: "jest.coverageThreshold" };
    const checks = (value: unknown) =>
      isRecord(value) && (value["check-coverage"] === true || value["checkCoverage"] === true);
    // nyc and c8 read their options from package.json's "nyc" and "c8" keys too.
    for (const key of ["nyc", "c8"])
      if (checks(project.manifest?.[key]))
        return {
          path: inProject(project, "package.json"),
          ok: true,
          what: `${key}.check-coverage`,
        };
    const c8 = findUp(index, project, c8Configs);
    if (!c8) return undefined;
    const read = /\.ya?ml$/.test(c8) ? index.yaml(c8) : index.json(c8);
    if (!read.ok) return undefined;
    return checks(read.value) ? { path: c8, ok: true, what: "check-coverage" } : undefined;
  },
});
