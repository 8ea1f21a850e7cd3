import { globMatcher } from "../../repo/glob.js";
import { defineRule, fail, notEvaluated, pass } from "../define.js";

/** Turns a CODEOWNERS pattern into a matcher over repository paths (gitignore-like semantics). */
function ownerMatcher(pattern: string): (path: string) => boolean {
  // A pattern no one writes by hand could make glob matching backtrack for ever: it matches nothing.
  if (pattern.length > 200 || (pattern.match(/\*/g) ?? []).length > 8) return () => false;
  const anchored = pattern.startsWith("/");
  let glob = anchored ? pattern.slice(1) : pattern;
  if (glob.endsWith("/")) glob = `${glob}**`;
  else if (!glob.includes("*") && !glob.includes(".")) glob = `${glob}{,/**}`;
  if (!anchored && !glob.includes("/")) glob = `**/${glob}`;
  const match = globMatcher(glob, { dot: true });
  return (path) => match(path);
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
  check({ index, projects }) {
    const path = index.first([
      ".github/CODEOWNERS",
      "CODEOWNERS",
      "docs/CODEOWNERS",
      ".gitlab/CODEOWNERS",
    ]);
    if (!path) return fail("No CODEOWNERS file.");
    const text = index.text(path);
    if (!text.ok) return notEvaluated("CODEOWNERS could not be read.", text.problem, { path });
    // As on GitHub and GitLab, the last matching line decides, and a line without owners
    // takes ownership away.
    const rules = text.value
      .split("\n")
      .map((line) => line.replace(/\s#.*$/, "").trim())
      .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("["))
      .map((line) => line.split(/\s+/))
      .map(([pattern = "", ...owners]) => ({
        matches: ownerMatcher(pattern),
        owned: owners.length > 0,
      }));
    if (!rules.some((rule) => rule.owned)) return fail(`${path} assigns no owners.`, { path });
    const owned = (file: string) => rules.findLast((rule) => rule.matches(file))?.owned === true;
    const unowned = projects
      .slice(1)
      .filter((project) => !owned(`${project.dir}/package.json`))
      .map((project) => project.dir);
    const rootOwned = owned("package.json");
    if (unowned.length > 0)
      return fail(`${path} leaves without an owner: ${unowned.join(", ")}.`, { path });
    if (!rootOwned)
      return fail(`${path} has no rule covering the repository root (add \`*\`).`, { path });
    return pass(`${path} covers the root and every package.`, { path });
  },
});
