import {
  checkDescription,
  checkName,
  checkOwner,
  checkScope,
  ownerPattern,
  scopePattern,
} from "./names.js";

/** What a front door asks, in order; each answer is checked as it is typed. */
export interface Question {
  name: "name" | "description" | "owner" | "scope";
  message: (kind: string) => string;
  /** True for a good answer, else what is wrong with it (shown under the prompt). */
  validate: (value: string) => true | string;
}

const verdict =
  (check: (value: string) => void, emptyIsFine = false) =>
  (value: string): true | string => {
    if (emptyIsFine && value === "") return true;
    try {
      check(value);
      return true;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

/**
 * The questions of `paved new`, plop and `nx g`, declared once: the CLI and plop ask them with
 * these checks, and the Nx schema's x-prompt patterns are tested against them.
 */
export const questions: readonly Question[] = [
  {
    name: "name",
    message: (kind) => `The ${kind}'s name (an npm package name)`,
    validate: verdict(checkName),
  },
  {
    name: "description",
    message: () => "What does it do, in one sentence?",
    validate: verdict(checkDescription, true),
  },
  {
    name: "owner",
    message: () =>
      'Which team owns it? (for CODEOWNERS, e.g. @acme/payments; set "new.owner" in paved.config.json to skip this)',
    validate: verdict(checkOwner),
  },
  {
    name: "scope",
    message: () => "npm scope (e.g. @acme; empty for none)",
    validate: verdict(checkScope, true),
  },
];

/** One question by name. */
export function question(name: Question["name"]): Question {
  const found = questions.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no question named ${name}`);
  return found;
}

/**
 * The owner and scope checks as JSON-schema patterns, which Nx applies to an x-prompt's answer
 * as it is typed (empty: the organisation's setting).
 */
export const schemaPatterns = {
  owner: `^$|${ownerPattern.source}`,
  scope: `^$|${scopePattern.source}`,
};
