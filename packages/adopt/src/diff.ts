import { createTwoFilesPatch } from "diff";
import type { Plan } from "./plan.js";

/** The plan as one unified diff, `a/` and `b/` relative to the repository, as git shows it. */
export function planDiff(plan: Pick<Plan, "changes">): string {
  return plan.changes
    .map(({ path, before, after }) =>
      createTwoFilesPatch(
        before === undefined ? "/dev/null" : `a/${path}`,
        `b/${path}`,
        before ?? "",
        after,
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, ""),
    )
    .join("");
}

/** The plan in words, grouped by station: what each fix does, where, and what is left. */
export function planSummary(plan: Plan): string {
  const lines: string[] = [];
  const stations = [...new Set([...plan.fixes, ...plan.skipped].map((fix) => fix.station))];
  for (const station of stations) {
    lines.push(`${station}:`);
    for (const fix of plan.fixes.filter((entry) => entry.station === station))
      lines.push(`  fix  ${fix.ruleId}${where(fix.project)}: ${fix.paths.join(", ")}`);
    for (const skip of plan.skipped.filter((entry) => entry.station === station))
      lines.push(`  skip ${skip.ruleId}${where(skip.project)}: ${skip.reason}`);
  }
  if (plan.install !== undefined)
    lines.push(
      "",
      `New devDependencies (${plan.devDependencies.join(", ")}) need an install: run \`${plan.install}\` (or pass --install).`,
    );
  return `${lines.join("\n")}\n`;
}

const where = (project: string) => (project === "." ? "" : ` (${project})`);
