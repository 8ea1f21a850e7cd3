import { createHash } from "node:crypto";
import { defineRule, fail, notApplicable, pass } from "../define.js";
import { pipelines } from "../evidence/ci.js";

/** The header `paved ci` writes: the preset's version and a hash of the rest of the file. */
const header = /^# paved-ci: (\S+) sha256:([0-9a-f]{64})\n/;

export default defineRule({
  meta: {
    id: "ci/pipeline-intact",
    station: "ci",
    description:
      "Pipelines rendered by the CI preset (`paved ci`) are as rendered: their content still matches the hash in their header.",
    rationale:
      "A hand edit to a generated pipeline is lost at the next `paved ci` and can quietly undo a hardening (a tag instead of a SHA, a write token).",
    remediation:
      "Run `paved ci` to render the pipeline again, and change what it runs through package.json scripts; `paved ci --check` shows the drift.",
    severity: "warning",
    scope: "repo",
  },
  check({ index }) {
    const rendered: { path: string; intact: boolean; version: string }[] = [];
    for (const pipeline of pipelines(index)) {
      const text = index.text(pipeline.path);
      if (!text.ok) continue;
      const match = header.exec(text.value);
      if (!match) continue;
      const body = text.value.slice(match[0].length);
      const hash = createHash("sha256").update(body).digest("hex");
      rendered.push({ path: pipeline.path, intact: hash === match[2], version: match[1] ?? "" });
    }
    if (rendered.length === 0)
      return notApplicable("No pipeline here was rendered by the CI preset (paved ci).");
    const edited = rendered.filter((file) => !file.intact);
    if (edited.length === 0)
      return pass(
        `${rendered.map((file) => file.path).join(", ")}: as the CI preset rendered them (@paved/ci ${rendered[0]?.version ?? ""}).`,
      );
    return edited.map((file) =>
      fail(`${file.path} was edited by hand since \`paved ci\` rendered it.`, {
        path: file.path,
        line: 1,
      }),
    );
  },
});
