import { Facts, indexMemory, workspace, type Fact, type ProjectFact } from "@paved/facts";
import type { Outcome, Verdict } from "../model.js";
import type { Rule } from "./define.js";

/**
 * Runs one rule on an in-memory repository, the way `paved audit` would, and returns its
 * verdicts per project directory ("." for the root). For rule tests, like ESLint's RuleTester.
 */
export function runRule(rule: Rule, files: Record<string, string>): Map<string, Verdict[]> {
  const facts = new Facts(indexMemory(files));
  const results = new Map<string, Verdict[]>();
  for (const project of facts.get(workspace).projects) {
    if (rule.meta.scope === "repo" && project.dir !== "") continue;
    const verdict = rule.judge(facts, project);
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

/**
 * A rule's verdicts on facts fed to it directly, without files: the root project, unless the
 * workspace fact is given. For judges' tests, as Scorecard's probes are tested on raw results.
 */
export function judgeFacts(
  rule: Rule,
  given: Iterable<readonly [Fact<unknown> | ProjectFact<unknown>, unknown]>,
  files: Record<string, string> = {},
): Verdict[] {
  const facts = new Facts(indexMemory(files), given);
  const root = facts.get(workspace).projects[0];
  if (root === undefined) return [];
  const verdict = rule.judge(facts, root);
  return Array.isArray(verdict) ? verdict : [verdict];
}

/** A package.json as text. */
export const manifest = (fields: Record<string, unknown>): string =>
  JSON.stringify(fields, null, 2);
