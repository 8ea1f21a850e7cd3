import { defineProjectFact } from "../facts.js";

/** The script that starts a service, and the modules it loads before the app. */
export interface StartPreloads {
  /** `start`, else `start:prod`; undefined when the project has neither. */
  script?: { name: string; command: string };
  /** What `--import`, `--require`/`-r` and `--loader` name, in the command or in NODE_OPTIONS. */
  preloads: string[];
}

/** Longest start command read: a longer one from a repository is cut. */
const maxCommand = 2048;

/** The module each preload flag names: `--import x`, `--import=x`, `-r x`. */
function preloadsOf(command: string): string[] {
  const words = command
    .slice(0, maxCommand)
    .split(/\s+/)
    .flatMap((word) =>
      word
        .replace(/^NODE_OPTIONS=["']?/, "")
        .replace(/["']$/, "")
        .split("="),
    )
    .filter((word) => word !== "");
  return words.flatMap((word, i) =>
    ["--import", "--require", "-r", "--loader", "--experimental-loader"].includes(word) &&
    words[i + 1] !== undefined
      ? [words[i + 1] ?? ""]
      : [],
  );
}

export const startPreloads = defineProjectFact<StartPreloads>({
  id: "start-preloads",
  how: "The project's `start` script (else `start:prod`) and the modules it loads before the app: each word after `--import`, `--require`/`-r`, `--loader` or `--experimental-loader`, given as a flag of the command or inside `NODE_OPTIONS=…`; the first 2,048 characters are read.",
  read(_facts, project) {
    const scripts = project.manifest?.scripts ?? {};
    const name =
      scripts["start"] !== undefined
        ? "start"
        : scripts["start:prod"] !== undefined
          ? "start:prod"
          : undefined;
    const command = name === undefined ? undefined : scripts[name];
    if (name === undefined || typeof command !== "string") return { preloads: [] };
    return { script: { name, command }, preloads: preloadsOf(command) };
  },
});
