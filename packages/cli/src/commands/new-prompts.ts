import { diskTree, question, readSettings, templateKinds } from "@paved/generators";
import { parseCommand, type Io } from "../io.js";
import { newOptions, workspaceRoot } from "./new.js";

/** The questions `paved new` asks on a terminal; tests hand in scripted answers. */
export interface Asker {
  select(question: {
    message: string;
    choices: { value: string; name: string }[];
  }): Promise<string>;
  input(question: {
    message: string;
    default?: string;
    validate?: (value: string) => true | string;
  }): Promise<string>;
  /** Lets go of the terminal once every question is answered. */
  close?(): void;
}

/** Asks one of the generators' questions, its answer checked as it is typed. */
const ask = (asker: Asker, name: Parameters<typeof question>[0], kind: string) => {
  const { message, validate } = question(name);
  return asker.input({ message: message(kind), validate });
};

/**
 * On a terminal, asks for what the command line left out (what to make, its name and
 * description, and an owner and scope when the organisation's settings have none), and returns
 * the arguments with the answers as flags: the command itself never prompts, so it runs the
 * same way in scripts and CI.
 */
export async function withAnswers(
  argv: readonly string[],
  io: Io,
  asker: Asker,
): Promise<string[]> {
  const outcome = parseCommand("new", argv, newOptions, "");
  // Help, or a usage error the command itself reports: nothing to ask.
  if ("result" in outcome) return [...argv];
  const { values, positionals } = outcome.parsed;
  if (values.yes === true) return [...argv];
  const answers = [...argv];
  let [kind, name] = positionals;
  if (kind === undefined) {
    kind = await asker.select({
      message: "What do you want to create?",
      choices: [
        { value: "service", name: "service — a Fastify service" },
        { value: "library", name: "library — a publishable TypeScript package" },
        { value: "repo", name: "repo — a whole repository with a first project" },
      ],
    });
    answers.unshift(kind);
  }
  if (!templateKinds.includes(kind as never)) return answers;
  if (name === undefined) {
    name = await ask(asker, "name", kind);
    answers.splice(answers.indexOf(kind) + 1, 0, name);
  }
  let settings: ReturnType<typeof readSettings> = {};
  try {
    settings = readSettings(diskTree(workspaceRoot(io.cwd)));
  } catch {
    // The command reports a broken paved.config.json.
  }
  if (values.description === undefined) {
    const description = await ask(asker, "description", kind);
    if (description !== "") answers.push("--description", description);
  }
  if (values.owner === undefined && settings.owner === undefined) {
    const owner = await ask(asker, "owner", kind);
    answers.push("--owner", owner);
  }
  if (values.scope === undefined && settings.scope === undefined) {
    const scope = await ask(asker, "scope", kind);
    if (scope !== "") answers.push("--scope", scope);
  }
  return answers;
}

/** The real questions, on the terminal: drawn where it can draw them, else line by line. */
export async function terminalAsker(): Promise<Asker> {
  const { lineAsker, terminalCannotDraw } = await import("./line-asker.js");
  if (terminalCannotDraw(process.env)) return lineAsker(process.stdin, process.stdout);
  const { input, select } = await import("@inquirer/prompts");
  return {
    select: (question) => select(question),
    input: (question) => input(question),
  };
}
