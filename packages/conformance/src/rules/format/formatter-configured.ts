import { configuredFormatter, styleEnforcingEslint } from "@paved/facts";
import { formatters } from "@paved/stations";
import { addToolAdvice, defineRule, fail, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "format/formatter-configured",
    station: "format",
    description:
      "A formatter is configured: Prettier (any config form), Biome's formatter, oxfmt, dprint, deno fmt, or a style-enforcing linter (xo, standard, an ESLint style preset).",
    rationale:
      "Without one formatter, style debates and noisy diffs take the review time that design deserves.",
    remediation:
      'Add Prettier with the Paved preset: `npm i -D prettier @paved/prettier-config` and `"prettier": "@paved/prettier-config"` in package.json.',
    severity: "error",
    scope: "project",
  },
  reads: [configuredFormatter],
  judge(facts, project) {
    const found = facts.of(configuredFormatter, project);
    if (found?.tool.id === "biome" && found.path) {
      const config = facts.files.json(found.path);
      const formatter = config.ok
        ? (config.value as { formatter?: { enabled?: boolean } } | null)?.formatter
        : undefined;
      if (formatter?.enabled === false)
        return fail(`Biome's formatter is switched off in ${found.path}.`, { path: found.path });
    }
    if (found)
      return pass(
        `${found.tool.title} formats the code: ${found.how}.`,
        found.path ? { path: found.path } : undefined,
      );
    const eslint = styleEnforcingEslint(facts, project);
    if (eslint)
      return pass(`ESLint enforces code style: ${eslint.path} uses ${eslint.preset}.`, {
        path: eslint.path,
      });
    return fail(
      "No formatter configuration found (Prettier, Biome, oxfmt, dprint).",
      undefined,
      addToolAdvice(facts, project, formatters, {
        packages: "prettier @paved/prettier-config",
        then: 'Add Prettier with the Paved preset: {add} and `"prettier": "@paved/prettier-config"` in package.json.',
      }),
    );
  },
});
