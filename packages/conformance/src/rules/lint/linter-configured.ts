import { configuredLinter } from "@paved/facts";
import { linters } from "@paved/stations";
import { addToolAdvice, defineRule, fail, pass } from "../define.js";

const legacyEslint = /(^|\/)\.eslintrc(\.\w+)?$/;

export default defineRule({
  meta: {
    id: "lint/linter-configured",
    station: "lint",
    description:
      "A linter is configured: ESLint (flat or legacy config), Biome, oxlint, xo, standard or deno lint.",
    rationale:
      "A linter catches floating promises, unsafe `any` and dead code before a reviewer has to.",
    remediation:
      "Add ESLint with the Paved preset: `npm i -D eslint @paved/eslint-config` and an `eslint.config.js` that exports `paved()`.",
    severity: "error",
    scope: "project",
  },
  reads: [configuredLinter],
  judge(facts, project) {
    const found = facts.of(configuredLinter, project);
    if (!found)
      return fail(
        "No linter configuration found (ESLint, Biome, oxlint, xo, standard).",
        undefined,
        addToolAdvice(facts, project, linters, {
          packages: "eslint @paved/eslint-config",
          then: "Add ESLint with the Paved preset: {add} and an `eslint.config.js` that exports `paved()`.",
        }),
      );
    const { tool, how, path } = found;
    const location = path ? { path } : undefined;
    if (tool.id === "biome" && path) {
      const config = facts.files.json(path);
      const linter = config.ok
        ? (config.value as { linter?: { enabled?: boolean } } | null)?.linter
        : undefined;
      if (linter?.enabled === false)
        return fail(`Biome's linter is switched off in ${path}.`, { path });
    }
    if (tool.id === "eslint" && (legacyEslint.test(how) || how.includes("eslintConfig")))
      return pass(
        `ESLint legacy config: ${how} (ESLint 9 and later need a flat config).`,
        location,
      );
    return pass(`${tool.title} is configured: ${how}.`, location);
  },
});
