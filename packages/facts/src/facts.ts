import type { Project } from "./project.js";
import type { RepoIndex } from "./repo/repo-index.js";

/**
 * One fact about a repository: computed from the index the first time a judge asks for it, then
 * shared by every judge. `how` says, in a sentence or two, how it decides; the rule reference
 * prints it beside each rule that reads the fact.
 */
export interface Fact<T> {
  id: string;
  how: string;
  read(facts: Facts): T;
}

/** A fact about one project (its tsconfig chain, its ESLint config), computed once per project. */
export interface ProjectFact<T> {
  id: string;
  how: string;
  read(facts: Facts, project: Project): T;
}

export const defineFact = <T>(fact: Fact<T>): Fact<T> => fact;
export const defineProjectFact = <T>(fact: ProjectFact<T>): ProjectFact<T> => fact;

/**
 * The facts of one repository, read through one index. Nothing is computed until asked for: a
 * fact no judge reads costs nothing. Tests feed facts directly (`given`) instead of files.
 */
export class Facts {
  private readonly given: ReadonlyMap<string, unknown>;

  constructor(
    /** The raw layer: the listing and bounded, cached reads of files. */
    readonly files: RepoIndex,
    given: Iterable<readonly [Fact<unknown> | ProjectFact<unknown>, unknown]> = [],
  ) {
    this.given = new Map([...given].map(([fact, value]) => [fact.id, value]));
  }

  get<T>(fact: Fact<T>): T {
    if (this.given.has(fact.id)) return this.given.get(fact.id) as T;
    return this.files.derive(`fact:${fact.id}`, () => fact.read(this));
  }

  of<T>(fact: ProjectFact<T>, project: Project): T {
    const given = this.given.get(fact.id);
    if (given instanceof Map) return given.get(project.dir) as T;
    return this.files.derive(`fact:${fact.id}:${project.dir}`, () => fact.read(this, project));
  }
}
