import { asText, readInside } from "@paved/fs";
import { parseAllDocuments } from "yaml";

/** Who owns a repository, and which file said so. */
export interface Team {
  team: string;
  source: "mapping" | "CODEOWNERS" | "catalog-info.yaml";
}

const codeownersPaths = [
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
  ".gitlab/CODEOWNERS",
];
const maxBytes = 1024 * 1024;

/** A team name as shown: printable, short, whatever the repository wrote. */
const clean = (name: string) => name.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);

/** CODEOWNERS' default owner: the first owner of the last `*` line (the last match decides). */
export function defaultOwner(text: string): string | undefined {
  let owner: string | undefined;
  for (const raw of text.split("\n")) {
    const [pattern, first] = raw
      .replace(/(^|\s)#.*$/, "")
      .trim()
      .split(/\s+/);
    if (pattern === "*" || pattern === "/*" || pattern === "**" || pattern === "/**") owner = first;
  }
  return owner === undefined || owner === "" ? undefined : clean(owner);
}

/** The owner of the first Backstage entity in `catalog-info.yaml` that names one. */
export function catalogOwner(text: string): string | undefined {
  for (const document of parseAllDocuments(text)) {
    if (!("errors" in document) || document.errors.length > 0) continue;
    const entity = document.toJS({ maxAliasCount: 10 }) as { spec?: { owner?: unknown } } | null;
    const owner = entity?.spec?.owner;
    if (typeof owner === "string" && owner.trim() !== "") return clean(owner.trim());
  }
  return undefined;
}

function readText(root: string, path: string): string | undefined {
  const read = asText(readInside(root, path, maxBytes));
  return read.ok ? read.value : undefined;
}

/**
 * The repository's team: the fleet config's mapping first (the platform team decides), then
 * CODEOWNERS' default owner, then `catalog-info.yaml`'s owner; undefined when none names one.
 */
export function teamOf(
  root: string,
  id: string,
  mapping: Readonly<Record<string, string>> = {},
): Team | undefined {
  const mapped = Object.hasOwn(mapping, id) ? mapping[id] : undefined;
  if (mapped !== undefined) return { team: mapped, source: "mapping" };
  for (const path of codeownersPaths) {
    const text = readText(root, path);
    const owner = text === undefined ? undefined : defaultOwner(text);
    if (owner !== undefined) return { team: owner, source: "CODEOWNERS" };
  }
  const catalog = readText(root, "catalog-info.yaml");
  const owner = catalog === undefined ? undefined : catalogOwner(catalog);
  return owner === undefined ? undefined : { team: owner, source: "catalog-info.yaml" };
}
