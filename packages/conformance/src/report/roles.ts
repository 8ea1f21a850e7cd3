import type { Report } from "../audit.js";

/** Non-products named in one line at most; the JSON report lists every project. */
const shown = 12;

/**
 * One line naming the projects that were listed but not judged (examples, fixtures, docs sites),
 * each with its role, or undefined when every project is a product.
 */
export function notJudgedLine(
  report: Report,
  text: (untrusted: string) => string = (untrusted) => untrusted,
): string | undefined {
  const others = report.target.projects.filter((project) => project.role !== "product");
  if (others.length === 0) return undefined;
  const named = others
    .slice(0, shown)
    .map((project) => `${text(project.dir)} (${project.role})`)
    .join(", ");
  const more = others.length > shown ? `, and ${String(others.length - shown)} more` : "";
  return `Not judged, not products: ${named}${more}. Set a role in paved.config.json ("projects") to change it.`;
}
