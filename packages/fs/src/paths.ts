/**
 * The segments of a path relative to a target directory, or undefined when it could name
 * something outside it: absolute, with a `..` segment, a NUL byte, or nothing left. `.` and
 * empty segments are dropped (`./a//b` is `a/b`).
 */
export function splitContained(path: string): string[] | undefined {
  if (path.startsWith("/") || path.includes("\0")) return undefined;
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.length === 0 || segments.includes("..")) return undefined;
  return segments;
}

/** Whether a repository-relative path stays inside the repository. */
export const isContained = (path: string): boolean => splitContained(path) !== undefined;
