import { workspace } from "../catalogue.js";
import { defineProjectFact } from "../facts.js";
import type { Project } from "../project.js";
import type { RepoIndex } from "../repo/repo-index.js";

/** A test file by the runners' default patterns: `*.test.ts`, `*.spec.js`, `__tests__/`, `test/`. */
const testFile = /(^|\/)(__tests__|tests?)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

/** More than this many are as good as all of them to every reader. */
const maxListed = 100;

/** The project's own test files: under its directory, not under a workspace package inside it. */
export function ownTestFiles(
  index: RepoIndex,
  project: Project,
  projects: readonly Project[],
): string[] {
  const nested = projects
    .filter(
      (other) =>
        other.dir !== project.dir &&
        (project.dir === "" ? other.dir !== "" : other.dir.startsWith(`${project.dir}/`)),
    )
    .map((other) => `${other.dir}/`);
  const found: string[] = [];
  for (const path of index.filesUnder(project.dir)) {
    if (!testFile.test(path) || nested.some((dir) => path.startsWith(dir))) continue;
    found.push(path);
    if (found.length >= maxListed) break;
  }
  return found;
}

export const testFiles = defineProjectFact<readonly string[]>({
  id: "test-files",
  how: "The project's own test files by the test runners' default patterns (`*.test.*` and `*.spec.*` JavaScript and TypeScript files, anything under `__tests__/`, `test/` or `tests/`), not those of a workspace package inside it; the first 100.",
  read: (facts, project) => ownTestFiles(facts.files, project, facts.get(workspace).projects),
});
