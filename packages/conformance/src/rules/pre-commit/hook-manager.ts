import {
  commitCommands,
  hookManagerInUse,
  huskyMajor,
  packageManagerOf,
  workspace,
} from "@paved/facts";
import { defineRule, fail, pass, projectsOf } from "../define.js";

export default defineRule({
  meta: {
    id: "pre-commit/hook-manager",
    station: "pre-commit",
    description:
      "A git hook manager installs a pre-commit hook: husky, lefthook, simple-git-hooks, yorkie (`gitHooks`) or pre-commit.",
    rationale:
      "Hooks that live only in one developer's .git/hooks protect nobody else: they must be installed from the repository.",
    remediation:
      "Add husky: `npx husky init`, then put `lint-staged` in `.husky/pre-commit` (see @paved/lint-staged-config).",
    severity: "error",
    scope: "repo",
  },
  reads: [workspace, commitCommands],
  judge(facts) {
    const index = facts.files;
    const manifest = projectsOf(facts)[0]?.manifest;
    const hook = facts.get(commitCommands)?.hook;
    if (hook)
      return pass(
        hook.command === undefined
          ? `${hook.manager.title} runs a pre-commit hook (${hook.path}).`
          : `${hook.manager.title} runs \`${hook.command}\` before each commit (package.json).`,
        { path: hook.path },
      );
    const manager = hookManagerInUse(index, manifest);
    const major = huskyMajor(manifest);
    if (manager?.id === "husky" && major !== undefined && major <= 4)
      return fail(
        `husky ${String(major)} is set up but installs no pre-commit hook.`,
        undefined,
        `husky ${String(major)} reads its hooks from package.json: add \`"husky": { "hooks": { "pre-commit": "lint-staged" } }\` (the .husky/ directory is husky 5 and later's).`,
      );
    if (manager)
      return fail(
        `${manager.title} is set up but installs no pre-commit hook.`,
        undefined,
        `${manager.title} is already installed: ${manager.addHook}.`,
      );
    const packages = packageManagerOf(facts);
    return fail(
      "No pre-commit hook is installed from the repository.",
      undefined,
      `Add husky: \`${packages.addDev("husky lint-staged")}\` and \`${packages.exec("husky init")}\`, then put \`${packages.exec("lint-staged")}\` in .husky/pre-commit (see @paved/lint-staged-config).`,
    );
  },
});
