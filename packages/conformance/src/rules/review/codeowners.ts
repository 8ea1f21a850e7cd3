import { codeowners, compileUntrustedGlob, workspace } from "@paved/facts";
import { defineRule, fail, notEvaluated, pass, projectsOf } from "../define.js";

/** CODEOWNERS patterns past this many globs (braces expanded) are not matched. */
const maxOwnerGlobs = 10_000;

/** A CODEOWNERS pattern as a glob over repository paths (gitignore-like semantics). */
function ownerGlob(pattern: string): string {
  const anchored = pattern.startsWith("/");
  let glob = anchored ? pattern.slice(1) : pattern;
  if (glob.endsWith("/")) glob = `${glob}**`;
  else if (!glob.includes("*") && !glob.includes(".")) glob = `${glob}{,/**}`;
  if (!anchored && !glob.includes("/")) glob = `**/${glob}`;
  return glob;
}

/**
 * Each line's matcher, or why the file cannot be judged: a pattern that cannot be matched in
 * linear time leaves ownership unknown, not unowned, and so do patterns whose braces expand past
 * `maxOwnerGlobs` (each one is tried on each package); compiling stops at the cap.
 */
function ownerMatchers(
  path: string,
  rules: readonly { glob: string; owned: boolean }[],
): { matchers: { matches: (file: string) => boolean; owned: boolean }[] } | { problem: string } {
  const matchers: { matches: (file: string) => boolean; owned: boolean }[] = [];
  let cost = 0;
  for (const { glob, owned } of rules) {
    const compiled = compileUntrustedGlob(glob, { dot: true });
    if ("problem" in compiled) return { problem: compiled.problem };
    cost += compiled.alternatives;
    if (cost > maxOwnerGlobs)
      return { problem: `${path}: patterns expand to more than ${String(maxOwnerGlobs)} globs` };
    matchers.push({ matches: compiled.match, owned });
  }
  return { matchers };
}

export default defineRule({
  meta: {
    id: "review/codeowners",
    station: "review",
    description:
      "CODEOWNERS assigns an owner to every workspace package (and, where present, a catch-all `*` rule).",
    rationale: "Code without an owner gets merged without the review of someone who knows it.",
    remediation:
      "Add `.github/CODEOWNERS` with `* @your-org/your-team` and a line per package owned by another team.",
    severity: "error",
    scope: "repo",
  },
  reads: [workspace, codeowners],
  judge(facts) {
    const projects = projectsOf(facts);
    const found = facts.get(codeowners);
    if (!found) return fail("No CODEOWNERS file.");
    const { path } = found;
    if (!found.ok) return notEvaluated("CODEOWNERS could not be read.", found.problem, { path });
    // As on GitHub and GitLab, the last matching line decides, and a line without owners
    // takes ownership away.
    const rules = found.rules.map((rule) => ({
      glob: ownerGlob(rule.pattern),
      owned: rule.owners.length > 0,
    }));
    const compiled = ownerMatchers(path, rules);
    if ("problem" in compiled)
      return notEvaluated(`${path} has a pattern that cannot be matched.`, compiled.problem, {
        path,
      });
    const matchers = compiled.matchers;
    // The file exists: the fix is a line in it, with an owner it already names where it has one.
    const team =
      found.rules.find((rule) => rule.owners.length > 0)?.owners[0] ?? "@your-org/your-team";
    if (!rules.some((rule) => rule.owned))
      return fail(
        `${path} assigns no owners.`,
        { path },
        `Give each line of ${path} an owner, starting with a catch-all: \`* ${team}\`.`,
      );
    const owned = (file: string) => matchers.findLast((rule) => rule.matches(file))?.owned === true;
    const unowned = projects
      .slice(1)
      .filter((project) => !owned(`${project.dir}/package.json`))
      .map((project) => project.dir);
    const rootOwned = owned("package.json");
    if (unowned.length > 0)
      return fail(
        `${path} leaves without an owner: ${unowned.join(", ")}.`,
        { path },
        `Add a line to ${path} for each of them (\`/${unowned[0] ?? ""}/ ${team}\`), or a catch-all \`* ${team}\` as its first line.`,
      );
    if (!rootOwned)
      return fail(
        `${path} has no rule covering the repository root (add \`*\`).`,
        { path },
        `Add \`* ${team}\` as the first line of ${path}: later lines still decide for their paths.`,
      );
    return pass(`${path} covers the root and every package.`, { path });
  },
});
