import { defineFact } from "../facts.js";

/** Where GitHub and GitLab look for CODEOWNERS, in their order. */
export const codeownersFiles: readonly string[] = [
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
  ".gitlab/CODEOWNERS",
];

/** One line of CODEOWNERS: a pattern, its owners (none takes ownership away), its line. */
export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
}

export type Codeowners =
  { path: string; ok: true; rules: OwnerRule[] } | { path: string; ok: false; problem: string };

export const codeowners = defineFact<Codeowners | undefined>({
  id: "codeowners",
  how: "The first CODEOWNERS of `.github/`, the root, `docs/` or `.gitlab/` (GitHub's and GitLab's order), read line by line: a pattern and its owners, each at its line; comments, blank lines and GitLab `[Section]` headers left out. A line without owners takes ownership away, as on both hosts.",
  read(facts) {
    const path = facts.files.first(codeownersFiles);
    if (!path) return undefined;
    const text = facts.files.text(path);
    if (!text.ok) return { path, ok: false, problem: text.problem };
    const rules = text.value.split("\n").flatMap((raw, at): OwnerRule[] => {
      const line = raw.replace(/\s#.*$/, "").trim();
      if (line === "" || line.startsWith("#") || line.startsWith("[")) return [];
      const [pattern = "", ...owners] = line.split(/\s+/);
      return [{ pattern, owners, line: at + 1 }];
    });
    return { path, ok: true, rules };
  },
});
