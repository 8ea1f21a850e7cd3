import type { PackageManager } from "@paved/stations";
import { templatePnpmVersion } from "./render.js";
import type { SourceTree, Workspace } from "./workspace.js";

/**
 * Where pnpm is missing (a machine with only Node and npm), how to get the version the
 * templates pin; a shell comment, so the step stays one line to copy.
 */
const pnpmHint = `   # no pnpm ${templatePnpmVersion}? npm install --global pnpm@${templatePnpmVersion}, or npx pnpm@${templatePnpmVersion} install`;

/** How a manager runs a package.json script, as a README writes it (`pnpm build`). */
export function runPrefix(manager: PackageManager): string {
  return manager.id === "npm" ? "npm run" : manager.id;
}

/** How a manager installs a workspace, with where to get pnpm when it is pnpm. */
export function installStep(manager: PackageManager): string {
  return manager.id === "pnpm" ? `pnpm install${pnpmHint}` : `${manager.id} install`;
}

/** How a manager runs one workspace package's tests. */
export function testStep(manager: PackageManager, packageName: string): string {
  switch (manager.id) {
    case "npm":
      return `npm test -w ${packageName}`;
    case "yarn":
      return `yarn workspace ${packageName} test`;
    case "bun":
      return `bun run --filter ${packageName} test`;
    default:
      return `pnpm --filter ${packageName} test`;
  }
}

/**
 * What the enclosing repository still lacks of the stations that live at its root (the
 * pipeline, the hook, owners, the Node pin): a project inside it cannot wire those itself.
 */
export function leftToWire(tree: SourceTree, workspace: Workspace): string[] {
  const left: string[] = [];
  const any = (...paths: string[]) => paths.some((path) => tree.exists(path));
  if (!any(".github/workflows", ".gitlab-ci.yml"))
    left.push("no CI pipeline at the workspace root: `paved ci` renders one for it");
  if (!any(".husky", ".lefthook.yml", "lefthook.yml", ".pre-commit-config.yaml"))
    left.push("no pre-commit hook at the workspace root: see @paved/lint-staged-config");
  if (!any(".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"))
    left.push("no CODEOWNERS at the workspace root: add .github/CODEOWNERS");
  if (!any(".nvmrc", ".node-version"))
    left.push("no Node version pinned at the workspace root: add .nvmrc");
  if (!workspaceHasLockfile(tree, workspace.manager))
    left.push(`no lockfile yet: commit the one \`${workspace.manager.id} install\` writes`);
  return left.map((line) => `# ${line}`);
}

function workspaceHasLockfile(tree: SourceTree, manager: PackageManager): boolean {
  return manager.lockfiles.some((file) => tree.exists(file));
}
