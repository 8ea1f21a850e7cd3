import { inspect, pipelineInputs, renderPipeline, type Rendered } from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { refuse, rootManifest, type FixContext } from "../fix.js";
import type { Workspace } from "../workspace.js";

/** What `paved ci` renders for the planned repository (its scripts and pins as the plan leaves them). */
export function rendered(files: Workspace): Rendered {
  const { inputs } = pipelineInputs(
    (path) => files.read(path),
    (path) => files.has(path),
    rootManifest(files),
  );
  try {
    return renderPipeline("github", inputs, ciManifest.version);
  } catch (error) {
    if (error instanceof RangeError) refuse(error.message);
    throw error;
  }
}

/** The GitHub workflows, on disk or planned. */
export const workflows = (files: Workspace): string[] =>
  files.filesIn(".github/workflows", [".yml", ".yaml"]);

/** Workflows that carry `paved ci`'s header: rendered again, never edited by hand. */
export const renderedWorkflows = (files: Workspace): string[] =>
  workflows(files).filter((path) => inspect(files.read(path) ?? "").generated);

/** Renders the pipeline again over every file `paved ci` wrote (after scripts changed). */
export function renderAgain(context: FixContext): void {
  const { files } = context;
  const wanted = rendered(files);
  for (const path of renderedWorkflows(files)) {
    const text = wanted.files.get(path);
    if (text !== undefined) files.write(path, text);
  }
}
