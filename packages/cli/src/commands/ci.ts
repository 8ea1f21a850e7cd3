import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  inputFiles,
  inspect,
  providers,
  renderPipeline,
  renderUpdates,
  scriptsOf,
  updateBots,
  updateConfigFiles,
  type PipelineInputs,
  type Rendered,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { terminalText } from "@paved/conformance";
import { GeneratorError, writePlan } from "@paved/generators/write";
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
publishes with npm provenance.

GitHub: .github/workflows/ci.yml, security.yml and release.yml; every action pinned by commit
SHA, a read-only token, writes only on the job that needs them, a timeout on every job.
GitLab: .gitlab-ci.yml; a stage per station, Node pinned from .nvmrc, merge-request rules,
superseded pipelines cancelled, a timeout on every job, the id token on the publish job only.
Each file carries the preset's version and a hash of its content, so drift and edits show.

Options:
  --provider github|gitlab
             the CI to render for (default: gitlab where DIR has a .gitlab-ci.yml and no
             .github/workflows, github otherwise)
  --check    write nothing; exit 1 if the files differ from what paved ci would write, or were
             edited by hand
  --updates renovate|dependabot
             the dependency-update bot to configure where none is (default: renovate;
             Dependabot is GitHub's only); an existing Renovate or Dependabot config is left
             as it is
  --force    replace workflow files that paved ci did not write
  -h, --help print this help

Exit codes: 0 written (or, with --check, up to date), 1 out of date or in the way, 2 usage.
`;

const usage = (message: string): CliResult => usageError("ci", message);

const ciOptions = {
  check: { type: "boolean" },
  provider: { type: "string" },
  updates: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

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
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const provider =
    values.provider ??
    (existsSync(join(dir, ".gitlab-ci.yml")) && !existsSync(join(dir, ".github", "workflows"))
      ? "gitlab"
      : "github");
  if (provider === "gitlab" && values.updates === "dependabot")
    return usage("Dependabot runs on GitHub only; on GitLab use --updates renovate.");
  const manifestPath = join(dir, inputFiles.manifest);
  let scripts: Readonly<Record<string, string>>;
  try {
    scripts = scriptsOf(JSON.parse(readFileSync(manifestPath, "utf8")));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return usage(
      code === "ENOENT"
        ? `${manifestPath}: no package.json; run paved ci in a package's root.`
        : `${manifestPath}: not valid JSON; fix it first.`,
    );
  }
  // The same inputs the auditor's ci/pipeline-intact renders from: changesets add the release
  // workflow, an Nx workspace runs the affected projects' stations on changes under review.
  const nvmrcPath = join(dir, inputFiles.nvmrc);
  const inputs: PipelineInputs = {
    scripts,
    release: existsSync(join(dir, inputFiles.release)),
    affected: existsSync(join(dir, inputFiles.affected)),
    ...(provider === "gitlab" && existsSync(nvmrcPath)
      ? { nvmrc: readFileSync(nvmrcPath, "utf8") }
      : {}),
  };
  let rendered: Rendered;
  try {
    rendered = renderPipeline(provider, inputs, ciManifest.version);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return usage(`${nvmrcPath}: ${error.message}`);
  }
  // The pipeline files carry the header; the update bot's config does not.
  const pipeline = new Set(rendered.files.keys());
  // The update bot's config is the team's to tune: written only where neither bot has one.
  const hasUpdates = Object.values(updateConfigFiles)
    .flat()
    .some((path) => existsSync(join(dir, path)));
  if (!hasUpdates)
    for (const [path, text] of renderUpdates(values.updates ?? "renovate"))
      rendered.files.set(path, text);
  // What is on disk now, read once for the check, the foreign-file guard and the writer.
  const onDisk = new Map<string, string | undefined>();
  for (const path of rendered.files.keys()) {
    const full = join(dir, path);
    onDisk.set(path, existsSync(full) ? readFileSync(full, "utf8") : undefined);
  }
  const current = (path: string) => onDisk.get(path);
  const note =
    rendered.missing.length > 0
      ? `No script for: ${rendered.missing.join(", ")} (add ${rendered.missing.map((id) => (id === "format" ? '"format:check"' : `"${id}"`)).join(", ")} to package.json to run them in CI).\n`
      : "";

  if (values.check === true) {
    const stale = [...rendered.files].filter(([path, text]) => current(path) !== text);
    if (stale.length === 0)
      return { exitCode: 0, stdout: `Pipeline up to date.\n${note}`, stderr: "" };
    const lines = stale.map(([path]) => {
      const existing = current(path);
      if (existing === undefined)
        return pipeline.has(path)
          ? `  ${path}: missing`
          : `  ${path}: missing (no dependency-update bot is configured)`;
      if (!pipeline.has(path)) return `  ${path}: differs`;
      const state = inspect(existing);
      if (!state.generated) return `  ${path}: not written by paved ci`;
      if (!state.intact) return `  ${path}: edited by hand since paved ci wrote it`;
      return `  ${path}: written by @paved/ci ${terminalText(state.version ?? "?")}; this is ${ciManifest.version}`;
    });
    return {
      exitCode: 1,
      stdout: "",
      stderr: `paved ci: the pipeline differs from what paved ci would write:\n${lines.join("\n")}\nRun 'paved ci' to update it.\n`,
    };
  }

  const foreign = [...rendered.files.keys()].filter((path) => {
    const existing = current(path);
    return existing !== undefined && !inspect(existing).generated;
  });
  if (foreign.length > 0 && values.force !== true) {
    return {
      exitCode: 1,
      stdout: "",
      stderr: `paved ci: these workflows were not written by paved ci, and nothing was written (use --force to replace them):\n${foreign.map((path) => `  ${path}`).join("\n")}\n`,
    };
  }
  // The generators' writer: every file through a temporary file and a rename, all or none.
  try {
    writePlan(
      dir,
      {
        files: rendered.files,
        created: [...rendered.files.keys()].filter((path) => current(path) === undefined),
        edited: [...rendered.files.keys()].filter((path) => current(path) !== undefined),
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
    stdout: `Wrote ${[...rendered.files.keys()].join(", ")} (@paved/ci ${ciManifest.version}).\n${note}`,
    stderr: "",
  };
}
