import { workspace } from "@paved/facts";
import { defineRule, fail, findUp, pass, rootManifest } from "../define.js";
import { flatConfigs } from "@paved/facts";

const legacyConfigs = [
  ".eslintrc",
  ".eslintrc.js",
  ".eslintrc.cjs",
  ".eslintrc.json",
  ".eslintrc.yaml",
  ".eslintrc.yml",
];
const otherLinters = ["biome.json", "biome.jsonc", ".oxlintrc.json", "oxlintrc.json"];

export default defineRule({
  meta: {
    id: "lint/linter-configured",
    station: "lint",
    description: "A linter is configured: ESLint (flat or legacy config), Biome or oxlint.",
    rationale:
      "A linter catches floating promises, unsafe `any` and dead code before a reviewer has to.",
    remediation:
      "Add ESLint with the Paved preset: `npm i -D eslint @paved/eslint-config` and an `eslint.config.js` that exports `paved()`.",
    severity: "error",
    scope: "project",
  },
  reads: [workspace],
  judge(facts, project) {
    const flat = findUp(facts, project, flatConfigs);
    if (flat) return pass(`ESLint flat config: ${flat}.`, { path: flat });
    const legacy = findUp(facts, project, legacyConfigs);
    if (legacy)
      return pass(`ESLint legacy config: ${legacy} (ESLint 9 and later need a flat config).`, {
        path: legacy,
      });
    if (
      project.manifest?.["eslintConfig"] !== undefined ||
      rootManifest(facts)?.["eslintConfig"] !== undefined
    ) {
      return pass('ESLint legacy config in package.json ("eslintConfig").', {
        path: "package.json",
      });
    }
    const other = findUp(facts, project, otherLinters);
    if (other) {
      if (other.startsWith("biome") || other.includes("/biome")) {
        const config = facts.files.json(other);
        const linter = config.ok
          ? (config.value as { linter?: { enabled?: boolean } } | null)?.linter
          : undefined;
        if (linter?.enabled === false)
          return fail(`Biome's linter is switched off in ${other}.`, { path: other });
      }
      return pass(`Linter configured: ${other}.`, { path: other });
    }
    return fail("No linter configuration found (ESLint, Biome or oxlint).");
  },
});
