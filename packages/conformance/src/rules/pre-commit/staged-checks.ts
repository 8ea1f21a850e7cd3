import {
  hookManagerInUse,
  lefthookConfigs,
  preCommitHook,
  scriptsCalled,
  workspace,
} from "@paved/facts";
import { lintStaged } from "@paved/stations";
import type { PackageManifest } from "../../model.js";
import { defineRule, fail, notEvaluated, pass, projectsOf } from "../define.js";

/** Whether the hook calls a package script that runs lint-staged (`pnpm run pre-commit`). */
function viaScripts(hook: string, manifest: PackageManifest | undefined): boolean {
  return scriptsCalled(hook).some((name) =>
    /lint-staged|nano-staged/.test(manifest?.scripts?.[name] ?? ""),
  );
}

export default defineRule({
  meta: {
    id: "pre-commit/staged-checks",
    station: "pre-commit",
    description:
      "The pre-commit hook lints or formats the staged files (lint-staged, lefthook commands, nano-staged).",
    rationale:
      "A hook that checks nothing is a ritual: the point is to stop a lint error before it leaves the laptop.",
    remediation:
      "Run lint-staged from the hook with `@paved/lint-staged-config` (ESLint --fix and Prettier on staged files).",
    severity: "warning",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const manifest = projects[0]?.manifest;
    const config =
      index.first(lintStaged.configFiles) ??
      (manifest?.[lintStaged.manifestKey] !== undefined ? "package.json" : undefined);
    const manifestHook = preCommitHook(index, manifest);
    if (config && manifestHook?.command !== undefined) {
      const { command, manager } = manifestHook;
      if (/lint-staged|nano-staged/.test(command) || viaScripts(command, manifest))
        return pass(`${manager.title}'s pre-commit runs lint-staged (${config}).`, {
          path: "package.json",
        });
    }
    const hook = index.first([".husky/pre-commit"]);
    if (config && hook) {
      const text = index.text(hook);
      if (!text.ok)
        return notEvaluated("The pre-commit hook could not be read.", text.problem, { path: hook });
      if (/lint-staged|nano-staged/.test(text.value) || viaScripts(text.value, manifest))
        return pass(`${hook} runs lint-staged (${config}).`, { path: hook });
      return fail(`lint-staged is configured (${config}) but ${hook} does not run it.`, {
        path: hook,
      });
    }
    if (config && manifest?.["simple-git-hooks"] !== undefined)
      return pass(`simple-git-hooks with lint-staged (${config}).`);
    const lefthook = index.first(lefthookConfigs);
    if (lefthook) {
      const text = index.text(lefthook);
      if (!text.ok)
        return notEvaluated("The lefthook config could not be read.", text.problem, {
          path: lefthook,
        });
      if (/pre-commit\b[\s\S]*\b(eslint|prettier|biome|oxlint|lint-staged)\b/.test(text.value)) {
        return pass(`lefthook's pre-commit runs checks (${lefthook}).`, { path: lefthook });
      }
      return fail(`lefthook has no pre-commit command that lints or formats (${lefthook}).`, {
        path: lefthook,
      });
    }
    if (index.has(".pre-commit-config.yaml"))
      return pass("The pre-commit framework runs its configured hooks.", {
        path: ".pre-commit-config.yaml",
      });
    const manager = hookManagerInUse(index, manifest);
    return fail(
      "No pre-commit check of staged files was found.",
      undefined,
      manager ? `Run lint-staged from ${manager.title}'s hook: ${manager.addHook}.` : undefined,
    );
  },
});
