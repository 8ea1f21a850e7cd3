import { detectPackageManager, formatters, linters, type PackageManager } from "@paved/stations";
import type { RuleContext } from "../define.js";
import { configuredTool, type FoundTool } from "./tools.js";

/**
 * What remediations need to speak the repository's language: its package manager (from
 * `packageManager` or the lockfile), and the linter and formatter it already uses.
 */
export function packageManagerOf({ index, projects }: RuleContext): PackageManager {
  return index.derive("fit:package-manager", () =>
    detectPackageManager(projects[0]?.manifest, (path) => index.has(path)),
  ).manager;
}

/** The formatter the repository root already has, if any. */
export function formatterOf(context: RuleContext): FoundTool | undefined {
  return configuredTool(rootContext(context), "format", formatters);
}

/** The linter the repository root already has, if any. */
export function linterOf(context: RuleContext): FoundTool | undefined {
  return configuredTool(rootContext(context), "lint", linters);
}

function rootContext(context: RuleContext): RuleContext {
  const root = context.projects[0];
  return root ? { ...context, project: root } : context;
}
