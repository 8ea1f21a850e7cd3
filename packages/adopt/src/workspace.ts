import type { RepoIndex } from "@paved/conformance";
import { EditError } from "./edit/error.js";

/**
 * The repository as the plan leaves it: the audit's index (bounded reads of what is on disk)
 * under the edits planned so far. Fixes read and write only this; the disk is written once,
 * at the end, by the contained writer.
 */
export class Workspace {
  private readonly planned = new Map<string, string>();

  constructor(readonly index: RepoIndex) {}

  /** Whether the file exists, on disk or planned. */
  has(path: string): boolean {
    return this.planned.has(path) || this.index.has(path);
  }

  /** The first of `paths` that exists. */
  first(paths: readonly string[]): string | undefined {
    return paths.find((path) => this.has(path));
  }

  /** A file's text as planned; undefined when it does not exist; an EditError when unreadable. */
  read(path: string): string | undefined {
    const planned = this.planned.get(path);
    if (planned !== undefined) return planned;
    if (!this.index.has(path)) return undefined;
    const text = this.index.text(path);
    if (!text.ok) throw new EditError(text.problem);
    return text.value;
  }

  /** The text on disk before any edit; undefined for a file the plan creates. */
  original(path: string): string | undefined {
    if (!this.index.has(path)) return undefined;
    const text = this.index.text(path);
    return text.ok ? text.value : undefined;
  }

  write(path: string, content: string): void {
    if (this.read(path) !== content) this.planned.set(path, content);
  }

  /** Creates a file only where none is: an existing file is never replaced by a template. */
  create(path: string, content: string): boolean {
    if (this.has(path)) return false;
    this.planned.set(path, content);
    return true;
  }

  /** Rewrites a file through `edit`, which gets its current text. */
  edit(path: string, edit: (text: string) => string): void {
    const text = this.read(path);
    if (text === undefined) throw new EditError(`${path} does not exist.`);
    this.write(path, edit(text));
  }

  /** Every file, on disk or planned, sorted. */
  list(): string[] {
    return [...new Set([...this.index.filesUnder(""), ...this.planned.keys()])].sort();
  }

  /** Files directly in `dir` whose names end with one of `endings`, on disk or planned. */
  filesIn(dir: string, endings: readonly string[]): string[] {
    const inDir = (path: string) =>
      path.startsWith(`${dir}/`) &&
      !path.slice(dir.length + 1).includes("/") &&
      endings.some((ending) => path.endsWith(ending));
    const found = new Set([...this.index.filesUnder(dir), ...this.planned.keys()]);
    return [...found].filter(inDir).sort();
  }

  /** A copy of the planned contents, to tell what one fix changed. */
  snapshot(): ReadonlyMap<string, string> {
    return new Map(this.planned);
  }

  /** Puts back an earlier snapshot: a fix that fails half-way leaves nothing behind. */
  restore(snapshot: ReadonlyMap<string, string>): void {
    this.planned.clear();
    for (const [path, content] of snapshot) this.planned.set(path, content);
  }

  /** Every file the plan changes, with its content before (undefined: created) and after. */
  changes(): { path: string; before: string | undefined; after: string }[] {
    return [...this.planned]
      .map(([path, after]) => ({ path, before: this.original(path), after }))
      .filter((change) => change.before !== change.after)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
