import { renderGithub } from "./github.js";
import { renderGitlab } from "./gitlab.js";
import type { Provider, Rendered } from "./line.js";
import { detectToolchain, type Toolchain } from "./toolchain.js";

/**
 * The files of a repository that decide what `paved ci` renders, besides those the toolchain is
 * detected from (package manager, lockfile, Node pin: toolchain.ts). The CLI reads them from
 * disk to write the pipeline; the auditor reads them from its index to check that a pipeline is
 * what `paved ci` would write: both decide through `pipelineInputs`.
 */
export const inputFiles = {
  /** Its scripts: a station runs where the package has a script for it. */
  manifest: "package.json",
  /** Changesets are used: the release workflow (or stage) is rendered too. */
  release: ".changeset/config.json",
  /** An Nx workspace: changes under review run the affected projects' stations only. */
  affected: "nx.json",
  /** The Node version GitLab's jobs run, when nothing else pins it (GitHub reads it itself). */
  nvmrc: ".nvmrc",
} as const;

/** What the pipeline is rendered from. */
export interface PipelineInputs {
  scripts: Readonly<Record<string, string>>;
  release: boolean;
  affected: boolean;
  /** The repository's package manager, lockfile and Node pin. */
  toolchain: Toolchain;
  /** The text of the Node pin file, when it names no version (`lts/*`): GitLab refuses it. */
  nodeText?: string;
}

/** The scripts of a parsed package.json, or none when it has no scripts object. */
export function scriptsOf(manifest: unknown): Readonly<Record<string, string>> {
  const scripts = (manifest as { scripts?: unknown } | null)?.scripts;
  return scripts !== null && typeof scripts === "object" && !Array.isArray(scripts)
    ? (scripts as Record<string, string>)
    : {};
}

/**
 * Everything `paved ci` renders from, through the given readers (the disk for the CLI, the
 * audit's index for the auditor), and what the pipeline cannot take from the repository.
 */
export function pipelineInputs(
  read: (path: string) => string | undefined,
  has: (path: string) => boolean,
  manifest: Readonly<Record<string, unknown>> | undefined,
): { inputs: PipelineInputs; notes: string[] } {
  const { toolchain, notes } = detectToolchain(read, has, manifest);
  const pinFile = toolchain.node.file;
  const nodeText =
    toolchain.node.version === undefined && pinFile !== undefined ? read(pinFile) : undefined;
  return {
    inputs: {
      scripts: scriptsOf(manifest),
      release: has(inputFiles.release),
      affected: has(inputFiles.affected),
      toolchain,
      ...(nodeText === undefined ? {} : { nodeText }),
    },
    notes,
  };
}

/**
 * The pipeline files `paved ci` writes for a provider, each with its header. Throws a RangeError
 * when GitLab's image cannot be pinned from the repository's Node pin (`lts/*`).
 */
export function renderPipeline(
  provider: Provider,
  inputs: PipelineInputs,
  version: string,
): Rendered {
  const { scripts, release, affected, toolchain } = inputs;
  const common = { scripts, version, release, affected, toolchain };
  if (provider === "github") return renderGithub(common);
  return renderGitlab({ ...common, node: toolchain.node.version ?? inputs.nodeText ?? "" });
}
