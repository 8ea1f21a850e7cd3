import { createHash } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { entryAt } from "@paved/fs";
import { neutralGit } from "@paved/conformance/listing";

/** What git says, or why it could not say it. */
function listed(
  root: string,
  args: readonly string[],
): { ok: true; entries: string[] } | { ok: false; problem: string } {
  const result = neutralGit(root, args);
  if (result.error !== undefined || result.status !== 0) {
    const problem = result.error?.message ?? result.stderr.toString("utf8").trim().split("\n")[0];
    return { ok: false, problem: problem ?? `git ${args[0] ?? ""} failed` };
  }
  return { ok: true, entries: result.stdout.toString("utf8").split("\0").filter(Boolean) };
}

/** `mode object stage\tpath` (ls-files -s) or `mode type object\tpath` (ls-tree): path → object. */
function objects(
  entries: readonly string[],
  objectField: number,
): Map<string, { mode: string; object: string }> {
  const map = new Map<string, { mode: string; object: string }>();
  for (const entry of entries) {
    const tab = entry.indexOf("\t");
    const fields = entry.slice(0, tab).split(" ");
    map.set(entry.slice(tab + 1), { mode: fields[0] ?? "", object: fields[objectField] ?? "" });
  }
  return map;
}

/** The blob id git would give these bytes, without running any of git's filters. */
function blobId(bytes: Buffer, algorithm: "sha1" | "sha256"): string {
  return createHash(algorithm)
    .update(`blob ${String(bytes.length)}\0`)
    .update(bytes)
    .digest("hex");
}

/** Whether a tracked file on disk still has the bytes the index records. */
function unchanged(root: string, path: string, mode: string, object: string): boolean {
  if (mode === "160000") return true; // a submodule's own state is not this tree's
  const full = join(root, path);
  const stat = entryAt(full);
  const algorithm = object.length === 64 ? "sha256" : "sha1";
  if (mode === "120000")
    return (
      stat?.isSymbolicLink() === true &&
      blobId(Buffer.from(readlinkSync(full)), algorithm) === object
    );
  // Never opened unless regular: a FIFO in a tracked file's place would block the read.
  if (stat?.isFile() !== true) return false;
  return blobId(readFileSync(full), algorithm) === object;
}

/**
 * The paths that differ from HEAD: staged, modified, deleted or untracked (not ignored). Unlike
 * `git status`, it runs none of the repository's clean filters or textconv programs (the
 * `.gitattributes` of an audited tree can name any program): the bytes on disk are hashed here
 * and compared with the index, and the index with HEAD, all read as data.
 */
export function changedPaths(
  root: string,
): { ok: true; paths: string[] } | { ok: false; problem: string } {
  const index = listed(root, ["ls-files", "-s", "-z"]);
  if (!index.ok) return index;
  const others = listed(root, ["ls-files", "-z", "--others", "--exclude-standard"]);
  if (!others.ok) return others;
  const tree = listed(root, ["ls-tree", "-r", "-z", "--full-tree", "HEAD"]);
  const head = objects(tree.ok ? tree.entries : [], 2);
  const staged = objects(index.entries, 1);
  const paths = new Set(others.entries);
  for (const [path, entry] of staged) {
    if (head.get(path)?.object !== entry.object || !unchanged(root, path, entry.mode, entry.object))
      paths.add(path);
  }
  for (const path of head.keys()) if (!staged.has(path)) paths.add(path);
  return { ok: true, paths: [...paths].sort() };
}
