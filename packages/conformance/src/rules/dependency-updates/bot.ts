import { workspace } from "@paved/facts";
import { defineRule, fail, notEvaluated, pass, projectsOf } from "../define.js";

const renovateFiles = [
  "renovate.json",
  "renovate.json5",
  ".github/renovate.json",
  ".github/renovate.json5",
  ".gitlab/renovate.json",
  ".renovaterc",
  ".renovaterc.json",
  ".renovaterc.json5",
];

export default defineRule({
  meta: {
    id: "dependency-updates/bot",
    station: "dependency-updates",
    description:
      "Dependency updates are automated: Renovate or Dependabot (npm ecosystem) is configured.",
    rationale:
      "Dependencies nobody updates age into known vulnerabilities and into upgrades too big to do.",
    remediation:
      "Add `renovate.json` extending `config:recommended`, or `.github/dependabot.yml` with the npm and github-actions ecosystems.",
    severity: "error",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const renovate =
      index.first(renovateFiles) ??
      (projects[0]?.manifest?.["renovate"] !== undefined ? "package.json" : undefined);
    if (renovate) return pass(`Renovate is configured (${renovate}).`, { path: renovate });
    const dependabot = index.first([".github/dependabot.yml", ".github/dependabot.yaml"]);
    if (!dependabot) return fail("Neither Renovate nor Dependabot is configured.");
    const config = index.yaml(dependabot);
    if (!config.ok)
      return notEvaluated("The Dependabot config could not be parsed.", config.problem, {
        path: dependabot,
      });
    const updates =
      (config.value as { updates?: { "package-ecosystem"?: string }[] } | null)?.updates ?? [];
    if (updates.some((update) => update["package-ecosystem"] === "npm"))
      return pass(`Dependabot updates npm dependencies (${dependabot}).`, { path: dependabot });
    return fail(`${dependabot} does not cover the npm ecosystem.`, { path: dependabot });
  },
});
