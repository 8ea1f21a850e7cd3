import {
  expectedRendering,
  renderedPipelines,
  renderer,
  type Facts,
  type Rendering,
} from "@paved/facts";
import type { Verdict } from "../../model.js";
import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";

/**
 * Whether semantic version `a` is older than `b` (a pre-release is older than its release);
 * undefined when either is not a version.
 */
export function older(a: string, b: string): boolean | undefined {
  const parse = (version: string) => {
    const match = /^(\d+)\.(\d+)\.(\d+)(-[\w.-]+)?(?:\+[\w.-]+)?$/.exec(version);
    return match ? { core: [match[1], match[2], match[3]].map(Number), pre: match[4] } : undefined;
  };
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  for (let i = 0; i < 3; i++) {
    const difference = (left.core[i] ?? 0) - (right.core[i] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  // Same core: only a pre-release before its release counts as older here.
  return left.pre !== undefined && right.pre === undefined;
}

/**
 * The 1-based line where two rendered files first differ, below their headers (whose hashes
 * differ whenever anything does); the header's line when only it differs.
 */
function firstDifference(actual: string, wanted: string): number {
  const left = actual.split("\n");
  const right = wanted.split("\n");
  for (let line = 1; line < Math.max(left.length, right.length); line += 1)
    if (left[line] !== right[line]) return line + 1;
  return 1;
}

/** Only a header of this auditor's own version can be checked by rendering again. */
function versionVerdict(file: Rendering): Verdict | undefined {
  const at = { path: file.path, line: 1 };
  if (older(file.version, renderer) === true)
    return fail(
      `${file.path} was rendered by @paved/ci ${file.version}; ${renderer} is current: run \`paved ci\` to render it again.`,
      at,
    );
  if (file.version !== renderer)
    return notEvaluated(
      `${file.path} says it was rendered by @paved/ci ${file.version}, which this auditor cannot render.`,
      `${file.path}: its header names @paved/ci ${file.version}, ${older(file.version, renderer) === undefined ? "not a version" : "newer than"} the ${renderer} this auditor renders with; audit with the paved that rendered it`,
      at,
    );
  return undefined;
}

/** One file with a `# paved-ci:` header: a verdict when it is not what `paved ci` renders. */
function judgeFile(facts: Facts, file: Rendering): Verdict | undefined {
  const dated = versionVerdict(file);
  if (dated) return dated;
  const at = { path: file.path, line: 1 };
  const rendered = expectedRendering(facts, file.provider);
  if ("problem" in rendered)
    return notEvaluated(
      `What paved ci would render for ${file.path} is not known.`,
      rendered.problem,
      at,
    );
  const wanted = rendered.files.get(file.path);
  if (wanted === undefined)
    return fail(
      `${file.path} carries a paved ci header, but paved ci renders no such file for this repository.`,
      at,
    );
  if (file.text === wanted) return undefined;
  const line = firstDifference(file.text, wanted);
  return fail(
    `${file.path} differs from what \`paved ci\` renders for this repository, from line ${String(line)}: edited by hand, or rendered from other inputs.`,
    { path: file.path, line },
  );
}

export default defineRule({
  meta: {
    id: "ci/pipeline-intact",
    station: "ci",
    description:
      "A pipeline with a `# paved-ci:` header is byte for byte what `paved ci` renders for this repository: the @paved/ci of this auditor renders it again from the same inputs (package.json's scripts, whether `.changeset/config.json` and `nx.json` exist, the package manager from `packageManager` or the lockfile, and the Node pin from `.nvmrc`, `.node-version`, Volta or `engines`) and compares. The header's hash is not trusted, since anyone can recompute it; a pipeline from an older @paved/ci is outdated, one from a newer one is not evaluated.",
    rationale:
      "A hand edit to a generated pipeline is lost at the next `paved ci` and can quietly undo a hardening (a tag instead of a SHA, a write token), and a recomputed header would hide it; an outdated one misses the preset's newer pins and fixes.",
    remediation:
      "Run `paved ci` to render the pipeline again, and change what it runs through package.json scripts; `paved ci --check` shows the drift.",
    severity: "warning",
    scope: "repo",
  },
  reads: [renderedPipelines],
  judge(facts) {
    const files = facts.get(renderedPipelines);
    if (files.length === 0)
      return notApplicable("No pipeline here was rendered by the CI preset (paved ci).");
    const verdicts = files.flatMap((file) => judgeFile(facts, file) ?? []);
    if (verdicts.length > 0) return verdicts;
    return pass(
      `${files.map((file) => file.path).join(", ")}: as @paved/ci ${renderer} renders them for this repository.`,
    );
  },
});
