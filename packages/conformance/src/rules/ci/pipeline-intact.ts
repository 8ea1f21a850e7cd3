import { defineRule, fail, notApplicable, pass } from "../define.js";
import { pipelines } from "../evidence/ci.js";
import { sha256 } from "../../lazy.js";

/** The header `paved ci` writes: the preset's version and a hash of the rest of the file. */
const header = /^# paved-ci: (\S+) sha256:([0-9a-f]{64})\n/;

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

export default defineRule({
  meta: {
    id: "ci/pipeline-intact",
    station: "ci",
    description:
      "Pipelines rendered by the CI preset (`paved ci`) are as rendered: their content still matches the hash in their header, and no newer preset than the one that rendered them is current.",
    rationale:
      "A hand edit to a generated pipeline is lost at the next `paved ci` and can quietly undo a hardening (a tag instead of a SHA, a write token); an outdated one misses the preset's newer pins and fixes.",
    remediation:
      "Run `paved ci` to render the pipeline again, and change what it runs through package.json scripts; `paved ci --check` shows the drift.",
    severity: "warning",
    scope: "repo",
  },
  check({ index, presetVersions }) {
    const rendered: { path: string; intact: boolean; version: string }[] = [];
    for (const pipeline of pipelines(index)) {
      const text = index.text(pipeline.path);
      if (!text.ok) continue;
      const match = header.exec(text.value);
      if (!match) continue;
      const body = text.value.slice(match[0].length);
      const hash = sha256(body);
      rendered.push({ path: pipeline.path, intact: hash === match[2], version: match[1] ?? "" });
    }
    if (rendered.length === 0)
      return notApplicable("No pipeline here was rendered by the CI preset (paved ci).");
    const current = presetVersions?.["@paved/ci"];
    const verdicts = rendered.flatMap((file) => {
      if (!file.intact)
        return [
          fail(`${file.path} was edited by hand since \`paved ci\` rendered it.`, {
            path: file.path,
            line: 1,
          }),
        ];
      if (current !== undefined && older(file.version, current) === true)
        return [
          fail(
            `${file.path} was rendered by @paved/ci ${file.version}; ${current} is current: run \`paved ci\` to render it again.`,
            { path: file.path, line: 1 },
          ),
        ];
      return [];
    });
    if (verdicts.length > 0) return verdicts;
    return pass(
      `${rendered.map((file) => file.path).join(", ")}: as the CI preset rendered them (@paved/ci ${rendered[0]?.version ?? ""}).`,
    );
  },
});
