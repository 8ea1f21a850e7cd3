import {
  inputFiles,
  inspect,
  pipelineInputs,
  renderPipeline,
  type Provider,
  type Rendered,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { workspace } from "./catalogue.js";
import { defineFact, type Facts } from "./facts.js";
import { pipelines } from "./pipelines.js";

/** The @paved/ci this package renders with: the one `paved ci` of the same release writes. */
export const renderer: string = ciManifest.version;

/** A pipeline file that says `paved ci` rendered it (its `# paved-ci:` header). */
export interface Rendering {
  path: string;
  provider: Provider;
  text: string;
  /** The @paved/ci version its header names. */
  version: string;
}

export const renderedPipelines = defineFact<Rendering[]>({
  id: "rendered-pipelines",
  how: "The GitHub and GitLab pipeline files whose first line is a `# paved-ci: <version> sha256:<hash>` header (the header check of @paved/ci, `inspect`); the hash is not trusted, since anyone can recompute it.",
  read: (facts) =>
    pipelines(facts.files).flatMap((pipeline) => {
      const text = facts.files.text(pipeline.path);
      if (!text.ok) return [];
      const header = inspect(text.value);
      if (!header.generated) return [];
      const { path, provider } = pipeline;
      // `paved ci` renders GitHub and GitLab pipelines only: a header elsewhere claims nothing.
      if (provider !== "github" && provider !== "gitlab") return [];
      return [{ path, provider, text: text.value, version: header.version ?? "" }];
    }),
});

/**
 * What `paved ci` renders for this repository, from the same files it reads on disk (the
 * toolchain — package manager, lockfile, Node pin — detected exactly as there); or why not.
 */
export function expectedRendering(
  facts: Facts,
  provider: Provider,
): Rendered | { problem: string } {
  const index = facts.files;
  return index.derive(`ci:rendered:${provider}`, () => {
    const root = facts.get(workspace).projects[0];
    if (root?.manifestProblem) return { problem: root.manifestProblem };
    if (!index.has(inputFiles.manifest)) return { problem: "no package.json to render from" };
    const unreadable: string[] = [];
    const { inputs } = pipelineInputs(
      (path) => {
        if (!index.has(path)) return undefined;
        const text = index.text(path);
        if (!text.ok) unreadable.push(text.problem);
        return text.ok ? text.value : undefined;
      },
      (path) => index.has(path),
      root?.manifest,
    );
    const problem = unreadable[0];
    if (problem !== undefined) return { problem };
    try {
      return renderPipeline(provider, inputs, renderer);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { problem: `${inputs.toolchain.node.file ?? inputFiles.nvmrc}: ${error.message}` };
    }
  });
}
