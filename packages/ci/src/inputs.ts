import { renderGithub } from "./github.js";
import { renderGitlab } from "./gitlab.js";
import type { Provider, Rendered } from "./line.js";

/**
 * The files of a repository that decide what `paved ci` renders. The CLI reads them from disk to
 * write the pipeline; the auditor reads them from its index to check that a pipeline is what
 * `paved ci` would write: both decide from this one list.
 */
export const inputFiles = {
  /** Its scripts: a station runs where the package has a script for it. */
  manifest: "package.json",
  /** Changesets are used: the release workflow (or stage) is rendered too. */
  release: ".changeset/config.json",
  /** An Nx workspace: changes under review run the affected projects' stations only. */
  affected: "nx.json",
  /** The Node version GitLab's jobs run (GitHub reads `.nvmrc` itself). */
  nvmrc: ".nvmrc",
} as const;

/** What the pipeline is rendered from, read from `inputFiles`. */
export interface PipelineInputs {
  scripts: Readonly<Record<string, string>>;
  release: boolean;
  affected: boolean;
  /** `.nvmrc`'s text; required for GitLab. */
  nvmrc?: string;
}

/** The scripts of a parsed package.json, or none when it has no scripts object. */
export function scriptsOf(manifest: unknown): Readonly<Record<string, string>> {
  const scripts = (manifest as { scripts?: unknown } | null)?.scripts;
  return scripts !== null && typeof scripts === "object" && !Array.isArray(scripts)
    ? (scripts as Record<string, string>)
    : {};
}

/**
 * The pipeline files `paved ci` writes for a provider, each with its header. Throws a RangeError
 * naming `.nvmrc` when GitLab's image cannot be pinned from it.
 */
export function renderPipeline(
  provider: Provider,
  inputs: PipelineInputs,
  version: string,
): Rendered {
  const { scripts, release, affected } = inputs;
  if (provider === "github") return renderGithub({ scripts, version, release, affected });
  if (inputs.nvmrc === undefined)
    throw new RangeError(
      "no .nvmrc; write the Node version the jobs should run (such as 24) into it.",
    );
  return renderGitlab({ scripts, version, node: inputs.nvmrc, release, affected });
}
