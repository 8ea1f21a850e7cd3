import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import {
  inputFiles,
  inspect,
  pipelineInputs,
  providers,
  renderPipeline,
  renderUpdates,
  updateBots,
  updateConfigFiles,
  type PipelineInputs,
  type Rendered,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { terminalText } from "@paved/conformance";
import { ciPipelines, Facts, indexDirectory, renderedPipelines } from "@paved/facts";
import { asText, entryAt, readInside, type Read } from "@paved/fs";
import { GeneratorError, writePlan } from "@paved/generators/write";
import type * as Diff from "diff";
import {
  commandError,
  isOneOf,
  mustBe,
  parseCommand,
  usageError,
  type CliResult,
  type Io,
} from "../io.js";

export const ciHelp = `Usage: paved ci [DIR] [options]

Writes the paved road's CI pipeline into DIR (default: the current directory). It runs each
station DIR's package.json has a script for (format:check, lint, typecheck, test, build; in an
Nx workspace, changes under review run them for the affected projects only), then audits
dependencies, scans for secrets and runs static analysis; where changesets are used, it
publishes with npm provenance. It uses DIR's own tools: its package manager (packageManager,
else the lockfile: pnpm, npm or Yarn), its lockfile, and its Node pin (.nvmrc, .node-version,
else volta or engines in package.json); what it cannot take from DIR it says on stderr.

GitHub: .github/workflows/ci.yml, security.yml and release.yml; every action pinned by commit
SHA, a read-only token, writes only on the job that needs them, a timeout on every job.
GitLab: .gitlab-ci.yml; a stage per station, the Node image pinned, merge-request rules,
superseded pipelines cancelled, a timeout on every job, the id token on the publish job only.
Each file carries the preset's version and a hash of its content, so drift and edits show.

Options:
  --provider github|gitlab
             the CI to render for (default: gitlab where DIR has a .gitlab-ci.yml and no
             .github/workflows, github otherwise)
  --check    write nothing; exit 1 if the files differ from what paved ci would write, or were
             edited by hand, saying how
  --dry-run  write nothing; print what would change as a unified diff
  --updates renovate|dependabot
             the dependency-update bot to configure where none is (default: renovate;
             Dependabot is GitHub's only); an existing Renovate or Dependabot config is left
             as it is
  --force    replace files that paved ci did not write or that were edited by hand since, and
             add the pipeline beside another one DIR already has
  -h, --help print this help

Exit codes: 0 written (or, with --check, up to date), 1 out of date or in the way, 2 usage.
`;

const usage = (message: string): CliResult => usageError("ci", message);

/** Pipelines, manifests and pins are small: 4 MiB is far more than any of them needs. */
const readText = (dir: string, path: string): Read<string> =>
  asText(readInside(dir, path, 4 * 1024 * 1024));

/** Whether DIR has an entry at a path, without following a link. */
const has = (dir: string, path: string) => entryAt(join(dir, path)) !== undefined;

/** `diff` loads on first use: `paved audit` bundles this command but never diffs. */
const require = createRequire(import.meta.url);

const ciOptions = {
  check: { type: "boolean" },
  "dry-run": { type: "boolean" },
  provider: { type: "string" },
  updates: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** DIR's package.json, or the message that stops us. */
function readManifest(dir: string): { manifest: Record<string, unknown> } | CliResult {
  const manifestPath = join(dir, inputFiles.manifest);
  // Every file of DIR is read through the bounded reader: a FIFO, a device, a directory or a
  // link out of DIR is named and refused, never waited on or read without end.
  const read = readText(dir, inputFiles.manifest);
  if (!read.ok)
    return usage(
      read.missing === true
        ? `${manifestPath}: no package.json; run paved ci in a package's root.`
        : `${manifestPath}: ${read.why}; fix it first.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.value);
  } catch {
    return usage(`${manifestPath}: not valid JSON; fix it first.`);
  }
  const manifest =
    parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  return { manifest };
}

/** Renders the pipeline from DIR's inputs, or the message that stops us. */
function render(
  dir: string,
  provider: (typeof providers)[number],
  inputs: PipelineInputs,
): Rendered | CliResult {
  try {
    return renderPipeline(provider, inputs, ciManifest.version);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return usage(`${join(dir, inputs.toolchain.node.file ?? inputFiles.nvmrc)}: ${error.message}`);
  }
}

/**
 * Other workflows that already run on pushes or pull requests: a second pipeline beside them
 * would run the line twice, so paved ci asks for --force.
 */
function otherPipelines(dir: string, ours: ReadonlySet<string>): string[] {
  // The audit's facts: its workflow model (triggers) and its check of the `# paved-ci:` header.
  const facts = new Facts(indexDirectory(dir));
  const rendered = new Set(facts.get(renderedPipelines).map((file) => file.path));
  return facts
    .get(ciPipelines)
    .filter(
      (pipeline) =>
        pipeline.provider === "github" &&
        !ours.has(pipeline.path) &&
        !rendered.has(pipeline.path) &&
        pipeline.triggers.some(
          (trigger) => trigger.value === "push" || trigger.value === "pull_request",
        ),
    )
    .map((pipeline) => pipeline.path);
}

/** How many lines a file would change by: `+3 -1`. */
function changeSize(before: string, after: string): string {
  const { structuredPatch } = require("diff") as typeof Diff;
  let added = 0;
  let removed = 0;
  for (const hunk of structuredPatch("a", "b", before, after).hunks)
    for (const line of hunk.lines) {
      if (line.startsWith("+")) added += 1;
      else if (line.startsWith("-")) removed += 1;
    }
  return `+${String(added)} -${String(removed)} lines`;
}

export function runCi(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("ci", argv, ciOptions, ciHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  if (positionals.length > 1)
    return usage(`one directory at a time; got ${positionals.join(", ")}.`);
  if (!isOneOf(values.updates, updateBots))
    return usage(mustBe("updates", updateBots, values.updates));
  if (!isOneOf(values.provider, providers))
    return usage(mustBe("provider", providers, values.provider));
  if (values.check === true && values["dry-run"] === true)
    return usage("--check and --dry-run are two ways of writing nothing; choose one.");
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const provider =
    values.provider ??
    (has(dir, ".gitlab-ci.yml") && !has(dir, ".github/workflows") ? "gitlab" : "github");
  if (provider === "gitlab" && values.updates === "dependabot")
    return usage("Dependabot runs on GitHub only; on GitLab use --updates renovate.");

  const read = readManifest(dir);
  if ("exitCode" in read) return read;
  // A pin that is there but cannot be read (a FIFO .nvmrc) is named, not taken as absent.
  const unreadable: string[] = [];
  // The same inputs the auditor's ci/pipeline-intact renders from: the scripts, changesets (the
  // release workflow), Nx (affected projects), the package manager, lockfile and Node pin.
  const { inputs, notes } = pipelineInputs(
    (path) => {
      const text = readText(dir, path);
      if (!text.ok && text.missing !== true) unreadable.push(`${join(dir, path)}: ${text.why}`);
      return text.ok ? text.value : undefined;
    },
    (path) => has(dir, path),
    read.manifest,
  );
  const first = unreadable[0];
  if (first !== undefined) return usage(`${first}; replace it with a plain file.`);
  const { toolchain } = inputs;
  if (toolchain.manager.id === "bun")
    return usage(
      `${dir} uses bun (${toolchain.lockfile ?? "packageManager"}); paved ci renders pipelines for pnpm, npm and Yarn.`,
    );
  const rendered = render(dir, provider, inputs);
  if ("exitCode" in rendered) return rendered;

  // The pipeline files carry the header; the update bot's config does not.
  const pipeline = new Set(rendered.files.keys());
  // The update bot's config is the team's to tune: written only where neither bot has one.
  if (
    !Object.values(updateConfigFiles)
      .flat()
      .some((path) => has(dir, path))
  )
    for (const [path, text] of renderUpdates(values.updates ?? "renovate"))
      rendered.files.set(path, text);
  // What is on disk now, read once for the check, the guards and the writer.
  const onDisk = new Map<string, string | undefined>();
  for (const path of rendered.files.keys()) {
    const text = readText(dir, path);
    if (!text.ok && text.missing !== true)
      return usage(
        `${join(dir, path)}: ${text.why}; remove or replace it, then run paved ci again.`,
      );
    onDisk.set(path, text.ok ? text.value : undefined);
  }
  const changed = [...rendered.files].filter(([path, text]) => onDisk.get(path) !== text);
  const missingScripts =
    rendered.missing.length > 0
      ? [
          `No script for: ${rendered.missing.join(", ")} (add ${rendered.missing.map((id) => (id === "format" ? '"format:check"' : `"${id}"`)).join(", ")} to package.json to run them in CI).`,
        ]
      : [];
  const said = [...missingScripts, ...notes].map((line) => `paved ci: ${line}\n`).join("");

  /** Why a file on disk differs from what paved ci renders now, in a few words. */
  const why = (path: string, text: string): string => {
    const existing = onDisk.get(path);
    if (existing === undefined)
      return pipeline.has(path) ? "missing" : "missing (no dependency-update bot is configured)";
    if (!pipeline.has(path)) return `differs (${changeSize(existing, text)})`;
    const state = inspect(existing);
    if (!state.generated) return "not written by paved ci";
    if (!state.intact)
      return `edited by hand since paved ci wrote it (${changeSize(existing, text)})`;
    if (state.version !== ciManifest.version)
      return `written by @paved/ci ${terminalText(state.version ?? "?")}; this is ${ciManifest.version} (${changeSize(existing, text)})`;
    return `differs from what paved ci renders for DIR now: its scripts, tools or options changed (${changeSize(existing, text)})`;
  };

  if (values.check === true) {
    if (changed.length === 0)
      return { exitCode: 0, stdout: "Pipeline up to date.\n", stderr: said };
    return {
      exitCode: 1,
      stdout: "",
      stderr: `${said}paved ci: the pipeline differs from what paved ci would write:\n${changed.map(([path, text]) => `  ${path}: ${why(path, text)}`).join("\n")}\nRun 'paved ci --dry-run' to see the difference, 'paved ci' to update it.\n`,
    };
  }
  if (values["dry-run"] === true) {
    const { createTwoFilesPatch } = require("diff") as typeof Diff;
    const patches = changed.map(([path, text]) =>
      createTwoFilesPatch(
        onDisk.get(path) === undefined ? "/dev/null" : `a/${path}`,
        `b/${path}`,
        onDisk.get(path) ?? "",
        text,
        undefined,
        undefined,
        {
          headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
        },
      ),
    );
    return {
      exitCode: 0,
      stdout:
        changed.length === 0 ? "Pipeline up to date; nothing would change.\n" : patches.join(""),
      stderr: `${said}paved ci: dry run, nothing written.\n`,
    };
  }

  // Files paved ci may not replace on its own: foreign ones, and its own edited by hand.
  const guarded = changed.filter(([path]) => {
    const existing = onDisk.get(path);
    if (existing === undefined || !pipeline.has(path)) return false;
    const state = inspect(existing);
    return !state.generated || !state.intact;
  });
  const beside = provider === "github" ? otherPipelines(dir, pipeline) : [];
  if ((guarded.length > 0 || beside.length > 0) && values.force !== true) {
    const lines = [
      ...guarded.map(([path, text]) => `  ${path}: ${why(path, text)}`),
      ...beside.map((path) => `  ${path}: another pipeline that runs on pushes or pull requests`),
    ];
    return {
      exitCode: 1,
      stdout: "",
      stderr: `${said}paved ci: these files are in the way, and nothing was written (see 'paved ci --dry-run'; use --force to write anyway):\n${lines.join("\n")}\n`,
    };
  }
  try {
    writePlan(
      dir,
      {
        files: new Map(changed),
        created: changed.map(([path]) => path).filter((path) => onDisk.get(path) === undefined),
        edited: changed.map(([path]) => path).filter((path) => onDisk.get(path) !== undefined),
        conflicts: [],
        directory: provider === "github" ? ".github/workflows" : ".",
        nextSteps: [],
      },
      { force: true },
    );
  } catch (error) {
    if (!(error instanceof GeneratorError)) throw error;
    return { exitCode: 2, stdout: "", stderr: commandError("ci", error.message) };
  }
  return {
    exitCode: 0,
    stdout:
      changed.length === 0
        ? `Pipeline up to date; nothing written (@paved/ci ${ciManifest.version}).\n`
        : `Wrote ${changed.map(([path]) => path).join(", ")} (@paved/ci ${ciManifest.version}; ${toolchain.manager.id}, Node from ${toolchain.node.source}).\n`,
    stderr: said,
  };
}
