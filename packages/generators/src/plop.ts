import { planNew, readSettings, type ProjectKind } from "./plan.js";
import { withLock } from "@paved/fs";
import { questions } from "./questions.js";
import { diskTree, writePlan } from "./write.js";

/** The part of plop's API this needs (`NodePlopAPI`), so plop stays optional. */
export interface PlopApi {
  getDestBasePath(): string;
  setGenerator(
    name: string,
    config: {
      description: string;
      prompts: {
        type: string;
        name: string;
        message: string;
        default?: string;
        validate: (value: string) => true | string;
      }[];
      actions: ((answers: Record<string, unknown>) => string)[];
    },
  ): unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/**
 * Everything `paved new` asks, each answer checked as it is typed; the organisation's owner
 * and scope (paved.config.json) are the defaults. On the command line they are plop's
 * positional answers in this order, or named: `plop service -- --name orders --owner @acme/x`.
 */
function prompts(plop: PlopApi, kind: ProjectKind) {
  let settings: ReturnType<typeof readSettings> = {};
  try {
    settings = readSettings(diskTree(plop.getDestBasePath()));
  } catch {
    // planNew names a broken paved.config.json when the answers are in.
  }
  return questions.map(({ name, message, validate }) => {
    const fallback = name === "owner" || name === "scope" ? settings[name] : undefined;
    return {
      type: "input",
      name,
      message: message(kind),
      ...(fallback === undefined ? {} : { default: fallback }),
      validate,
    };
  });
}

/**
 * Registers `plop service` and `plop library`. In a plopfile:
 *
 *   import { pavedGenerators } from "@paved/generators/plop";
 *   export default (plop) => pavedGenerators(plop);
 *
 * plop asks the questions; the paved renderer makes the files and writes them all-or-nothing,
 * exactly as `paved new` would.
 */
export function pavedGenerators(plop: PlopApi): void {
  for (const kind of ["service", "library"] as ProjectKind[]) {
    plop.setGenerator(kind, {
      description: `A ${kind} with every station of the paved road wired`,
      prompts: prompts(plop, kind),
      actions: [
        (answers) => {
          const root = plop.getDestBasePath();
          const description = text(answers["description"]);
          const scope = text(answers["scope"]);
          const owner = text(answers["owner"]);
          const directory = text(answers["directory"]);
          // Under the workspace's lock, as for `paved new`: parallel runs keep each other's edits.
          const plan = withLock(root, () => {
            const planned = planNew(
              {
                kind,
                name: text(answers["name"]) ?? "",
                ...(description === undefined ? {} : { description }),
                ...(scope === undefined ? {} : { scope }),
                ...(owner === undefined ? {} : { owner }),
                ...(directory === undefined ? {} : { directory }),
              },
              diskTree(root),
            );
            writePlan(root, planned);
            return planned;
          });
          const wrote = `${String(plan.created.length)} files in ${plan.directory}${plan.edited.length > 0 ? `; registered in ${plan.edited.join(", ")}` : ""}`;
          // The next steps paved new prints, under plop's line for the action.
          return [wrote, "Next:", ...plan.nextSteps.map((step) => `  ${step}`)].join("\n");
        },
      ],
    });
  }
}

export default pavedGenerators;
