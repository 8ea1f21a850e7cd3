import { jsonGet, jsonSet } from "../edit/json.js";
import { defineFixer, refuse } from "../fix.js";

/** The failing tsconfig files a rule's findings point at. */
const failingConfigs = (findings: readonly { location?: { path: string } }[]): string[] => [
  ...new Set(findings.flatMap((finding) => (finding.location ? [finding.location.path] : []))),
];

export const strict = defineFixer({
  ruleId: "typecheck/strict",
  how: 'Makes each failing tsconfig extend `@paved/tsconfig/node` (or `/library` for a published package) where it extends nothing, so its own `compilerOptions` still override the preset; one that extends something else gets `"strict": true`. A JavaScript-only project is left alone: adopting TypeScript is a migration, not a fix.',
  fix({ files, project, findings, needs }) {
    const configs = failingConfigs(findings).filter((path) => path.endsWith(".json"));
    if (configs.length === 0) {
      const typescript = files.index.files.some(
        (path) => /\.[cm]?tsx?$/.test(path) && !path.endsWith(".d.ts"),
      );
      refuse(
        typescript
          ? "no tsconfig.json: write one for the TypeScript sources (or copy one from a `paved new` package)."
          : "JavaScript only: adopting TypeScript (or checkJs) is a migration, not a fix to make unasked.",
      );
    }
    const preset =
      project.manifest?.private === true || project.kinds.includes("service") ? "node" : "library";
    for (const path of configs) {
      files.edit(path, (text) => {
        const extended =
          jsonGet(text, path, ["extends"]) === undefined
            ? jsonSet(text, path, ["extends"], `@paved/tsconfig/${preset}`)
            : text;
        // The repository's own `"strict": false` would win over the preset.
        return extended === text || jsonGet(text, path, ["compilerOptions", "strict"]) !== undefined
          ? jsonSet(extended, path, ["compilerOptions", "strict"], true)
          : extended;
      });
      if (jsonGet(files.read(path) ?? "", path, ["extends"])?.value === `@paved/tsconfig/${preset}`)
        needs(["@paved/tsconfig"]);
    }
  },
});

export const strictFlagsFix = defineFixer({
  ruleId: "typecheck/strict-flags",
  how: "Sets each strictness flag the effective tsconfig leaves off (as the rule lists them) to true in the failing tsconfig's own `compilerOptions`; where that config sets one of them to `false` itself, a choice rather than an omission, the fix is left to you.",
  fix({ files, findings }) {
    for (const finding of findings) {
      const path = finding.location?.path;
      const missing = /leaves off: ([^.]+)\./
        .exec(finding.message)?.[1]
        ?.split(",")
        .map((flag) => flag.trim());
      if (path === undefined || missing === undefined || !path.endsWith(".json")) continue;
      // typecheck/strict's fix may have made it extend the preset, which sets every flag.
      if (/"extends":\s*"@paved\/tsconfig\//.test(files.read(path) ?? "")) continue;
      // A flag the config itself sets to false is the team's choice, not an omission.
      const text = files.read(path) ?? "";
      const chosen = missing.filter(
        (flag) => jsonGet(text, path, ["compilerOptions", flag])?.value === false,
      );
      if (chosen.length > 0)
        refuse(
          `${path} sets ${chosen.map((flag) => `"${flag}": false`).join(", ")} on purpose: turn ${chosen.length === 1 ? "it" : "them"} on by hand once the code compiles with ${chosen.length === 1 ? "it" : "them"}${missing.length > chosen.length ? `, and ${missing.filter((flag) => !chosen.includes(flag)).join(", ")} with ${chosen.length === 1 ? "it" : "them"}` : ""}.`,
        );
      files.edit(path, (text) =>
        missing.reduce((next, flag) => jsonSet(next, path, ["compilerOptions", flag], true), text),
      );
    }
  },
});
