import type { FileChange } from "../model.js";

/**
 * Applies fix changes to an in-memory repository: creates missing files and adds missing JSON
 * keys, never overwriting. The same semantics `paved adopt` applies on disk.
 */
export function applyChanges(
  files: Readonly<Record<string, string>>,
  changes: readonly FileChange[],
): Record<string, string> {
  const next = { ...files };
  for (const change of changes) {
    const current = next[change.path];
    if (change.create !== undefined && current === undefined) next[change.path] = change.create;
    if (change.addJson !== undefined) {
      const value = current === undefined ? {} : (JSON.parse(current) as Record<string, unknown>);
      next[change.path] = `${JSON.stringify(mergeMissing(value, change.addJson), null, 2)}\n`;
    }
  }
  return next;
}

function mergeMissing(
  target: Record<string, unknown>,
  additions: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...target };
  for (const [key, value] of Object.entries(additions)) {
    const existing = merged[key];
    const bothObjects = [existing, value].every(
      (item) => item !== null && typeof item === "object" && !Array.isArray(item),
    );
    if (existing === undefined) merged[key] = value;
    else if (bothObjects)
      merged[key] = mergeMissing(
        existing as Record<string, unknown>,
        value as Record<string, unknown>,
      );
  }
  return merged;
}
