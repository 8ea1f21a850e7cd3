import { workspace } from "@paved/facts";
import { defineRule, fail, pass, projectsOf } from "../define.js";
import { lefthookConfigs } from "@paved/facts";

export default defineRule({
  meta: {
    id: "pre-commit/hook-manager",
    station: "pre-commit",
    description:
      "A git hook manager installs a pre-commit hook: husky, lefthook, simple-git-hooks or pre-commit.",
    rationale:
      "Hooks that live only in one developer's .git/hooks protect nobody else: they must be installed from the repository.",
    remediation:
      "Add husky: `npx husky init`, then put `lint-staged` in `.husky/pre-commit` (see @paved/lint-staged-config).",
    severity: "error",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const manifest = projects[0]?.manifest;
    if (index.has(".husky/pre-commit"))
      return pass("husky runs .husky/pre-commit.", { path: ".husky/pre-commit" });
    const lefthook = index.first(lefthookConfigs);
    if (lefthook) return pass(`lefthook is configured (${lefthook}).`, { path: lefthook });
    const simple = manifest?.["simple-git-hooks"];
    if (simple !== null && typeof simple === "object" && "pre-commit" in simple) {
      return pass("simple-git-hooks runs a pre-commit hook (package.json).", {
        path: "package.json",
      });
    }
    if (index.has(".simple-git-hooks.json") || index.has(".simple-git-hooks.js"))
      return pass("simple-git-hooks is configured.");
    if (index.has(".pre-commit-config.yaml"))
      return pass("The pre-commit framework is configured.", { path: ".pre-commit-config.yaml" });
    if (index.has(".husky/_/husky.sh") || index.glob(".husky/*").length > 0) {
      return fail("husky is set up but has no .husky/pre-commit hook.");
    }
    return fail("No pre-commit hook is installed from the repository.");
  },
});
