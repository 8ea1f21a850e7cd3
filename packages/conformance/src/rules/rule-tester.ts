import { discoverProjects } from "../repo/projects.js";
import { indexMemory } from "../repo/repo-index.js";
import type { Outcome, Verdict } from "../model.js";
import type { Rule } from "./define.js";

/**
 * Runs one rule on an in-memory repository, the way `paved audit` would, and returns its
 * verdicts per project directory ("." for the root). For rule tests, like ESLint's RuleTester.
 */
export function runRule(rule: Rule, files: Record<string, string>): Map<string, Verdict[]> {
  const index = indexMemory(files);
  const projects = discoverProjects(index);
  const results = new Map<string, Verdict[]>();
  for (const project of projects) {
    if (rule.meta.scope === "repo" && project.dir !== "") continue;
    const verdict = rule.check({ index, project, projects });
    results.set(
      project.dir === "" ? "." : project.dir,
      Array.isArray(verdict) ? verdict : [verdict],
    );
  }
  return results;
}

/** The outcomes of a rule on the repository root (or the given project). */
export function outcomes(rule: Rule, files: Record<string, string>, project = "."): Outcome[] {
  return (runRule(rule, files).get(project) ?? []).map((verdict) => verdict.outcome);
}

/** A package.json as text. */
export const manifest = (fields: Record<string, unknown>): string =>
  JSON.stringify(fields, null, 2);
