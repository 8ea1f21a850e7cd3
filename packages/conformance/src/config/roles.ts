import type { Project } from "../model.js";
import type { ConfigSource } from "./load.js";

/**
 * Applies the roles set in `paved.config.json` (`"projects": { "examples/app": { "role":
 * "product" } }`) over the ones read from the directories; a later source (the organisation's
 * `--config`) wins. The root is always a product.
 */
export function applyRoles(
  projects: readonly Project[],
  sources: readonly ConfigSource[],
): Project[] {
  return projects.map((project) => {
    if (project.dir === "") return project;
    let set: Project = project;
    for (const source of sources) {
      const role = source.config.projects?.[project.dir]?.role;
      if (role !== undefined) set = { ...set, role, roleSource: source.path };
    }
    return set;
  });
}
