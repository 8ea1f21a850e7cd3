import { isRecord } from "./record.js";

/** How a repository declares its workspace: the package manager's file and its package globs. */
export interface WorkspaceDefinition {
  manager: "pnpm" | "npm";
  file: "pnpm-workspace.yaml" | "package.json";
  /** The package globs as written (`packages/*`, `!**\/test`), strings only. */
  globs: string[];
}

const strings = (values: readonly unknown[]): string[] =>
  values.filter((value): value is string => typeof value === "string");

/**
 * The workspace of a repository, from its parsed pnpm-workspace.yaml (undefined when there is
 * none) and root package.json: pnpm's `packages:` list, else npm's and yarn's `workspaces`
 * (a list, or `{ packages }`), else a pnpm file without packages (a workspace of the root only).
 * The one reader of workspace definitions: the auditor, the generators and the CLI use it.
 */
export function readWorkspace(
  pnpmWorkspace: unknown,
  manifest: unknown,
): WorkspaceDefinition | undefined {
  const packages = isRecord(pnpmWorkspace) ? pnpmWorkspace["packages"] : undefined;
  if (Array.isArray(packages))
    return { manager: "pnpm", file: "pnpm-workspace.yaml", globs: strings(packages) };
  const workspaces = isRecord(manifest) ? manifest["workspaces"] : undefined;
  const listed = Array.isArray(workspaces)
    ? workspaces
    : isRecord(workspaces) && Array.isArray(workspaces["packages"])
      ? workspaces["packages"]
      : undefined;
  if (listed) return { manager: "npm", file: "package.json", globs: strings(listed as unknown[]) };
  if (isRecord(pnpmWorkspace)) return { manager: "pnpm", file: "pnpm-workspace.yaml", globs: [] };
  return undefined;
}

/**
 * Whether a directory's files declare a workspace root: a pnpm-workspace.yaml (whatever it
 * holds, so that a broken one is reported by whoever reads it next), or a package.json whose
 * `workspaces` `readWorkspace` takes. `read` gives a file's text, undefined when there is none.
 */
export function declaresWorkspace(read: (path: string) => string | undefined): boolean {
  if (read("pnpm-workspace.yaml") !== undefined) return true;
  const text = read("package.json");
  if (text === undefined) return false;
  try {
    return readWorkspace(undefined, JSON.parse(text) as unknown) !== undefined;
  } catch {
    return false;
  }
}
