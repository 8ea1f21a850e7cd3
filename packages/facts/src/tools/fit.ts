import { detectPackageManager, type PackageManager } from "@paved/stations";
import { workspace } from "../catalogue.js";
import type { Facts } from "../facts.js";
import type { Project } from "../project.js";
import { configuredFormatter, configuredLinter, type FoundTool } from "./tools.js";

/**
 * What remediations need to speak the repository's language: its package manager (from
 * `packageManager` or the lockfile), and the linter and formatter it already uses.
 */
export function packageManagerOf(facts: Facts): PackageManager {
  const index = facts.files;
  return index.derive("fit:package-manager", () =>
    detectPackageManager(facts.get(workspace).projects[0]?.manifest, (path) => index.has(path)),
  ).manager;
}

/** The formatter the repository root already has, if any. */
export function formatterOf(facts: Facts): FoundTool | undefined {
  const root = rootOf(facts);
  return root ? facts.of(configuredFormatter, root) : undefined;
}

/** The linter the repository root already has, if any. */
export function linterOf(facts: Facts): FoundTool | undefined {
  const root = rootOf(facts);
  return root ? facts.of(configuredLinter, root) : undefined;
}

const rootOf = (facts: Facts): Project | undefined => facts.get(workspace).projects[0];
