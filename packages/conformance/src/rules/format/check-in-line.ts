import { defineRule, fail, pass } from "../define.js";
import { ciStations } from "@paved/facts";

export default defineRule({
  meta: {
    id: "format/check-in-line",
    station: "format",
    description:
      "CI checks the format (`prettier --check`, `biome ci`/`check`), directly or through a script.",
    rationale:
      "A formatter nobody enforces drifts: unformatted code lands whenever a hook is skipped.",
    remediation:
      "Run `prettier --check .` (or `biome ci`) in CI, for example through a `format:check` script.",
    severity: "warning",
    scope: "repo",
  },
  reads: [ciStations],
  judge(facts) {
    const step = facts.get(ciStations).get("format")?.[0];
    if (step)
      return pass(`CI checks the format: \`${step.value.trim()}\`.`, {
        path: step.path,
        ...(step.line ? { line: step.line } : {}),
      });
    return fail("No CI step checks the format.");
  },
});
