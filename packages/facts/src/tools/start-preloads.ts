import { defineProjectFact } from "../facts.js";
import { inProject } from "../project.js";

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

/** How a container image starts the service: its Dockerfile's final stage. */
export interface ImageStart {
  path: string;
  /** The line of the CMD or ENTRYPOINT that starts it (the last of the final stage). */
  line: number;
  /** ENTRYPOINT and CMD joined, as the container runs them. */
  command: string;
  /** Whether the command runs `node` itself, not a package manager's script. */
  runsNode: boolean;
  /** What the command and the stage's `ENV NODE_OPTIONS` preload. */
  preloads: string[];
}

/** Longest Dockerfile read for its start: a longer one is not one a service writes by hand. */
const maxDockerfile = 256 * 1024;

/** An exec-form instruction (`["node", "dist/index.js"]`) as words, or undefined for shell form. */
function execForm(value: string): string[] | undefined {
  if (!value.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((word) => typeof word === "string")
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

/** The instructions of a Dockerfile, continuation lines joined, each at its first line. */
function instructions(text: string): { keyword: string; value: string; line: number }[] {
  const found: { keyword: string; value: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const first = i;
    let line = lines[i] ?? "";
    if (/^\s*#/.test(line)) continue;
    // The parts of one instruction, joined once: joining line by line would copy the whole
    // instruction again at each of a crafted file's continuation lines.
    const parts: string[] = [];
    while (line.endsWith("\\") && i + 1 < lines.length) {
      parts.push(line.slice(0, -1));
      i += 1;
      line = lines[i] ?? "";
      // A comment inside an instruction is left out, and the instruction goes on after it.
      while (/^\s*#/.test(line) && i + 1 < lines.length) line = lines[(i += 1)] ?? "";
      line = line.trim();
    }
    parts.push(line);
    const joined = parts.join(" ");
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(joined);
    if (match)
      found.push({
        keyword: (match[1] ?? "").toUpperCase(),
        value: (match[2] ?? "").trim(),
        line: first + 1,
      });
  }
  return found;
}

export const imageStart = defineProjectFact<ImageStart | undefined>({
  id: "image-start",
  how: "The project's Dockerfile (in its directory): in its final stage (after the last FROM), the last ENTRYPOINT and CMD, exec or shell form, joined as the container runs them, and what they and `ENV NODE_OPTIONS` preload (`--import`, `--require`); whether the command runs `node` itself or a package manager's script. A Dockerfile over 256 KB is not read for it; nothing is run.",
  read(facts, project) {
    const path = inProject(project, "Dockerfile");
    if (!facts.files.has(path)) return undefined;
    const read = facts.files.text(path);
    if (!read.ok || read.value.length > maxDockerfile) return undefined;
    let entrypoint: { words: string[]; line: number } | undefined;
    let cmd: { words: string[]; line: number } | undefined;
    let nodeOptions = "";
    for (const { keyword, value, line } of instructions(read.value)) {
      if (keyword === "FROM") {
        entrypoint = undefined;
        cmd = undefined;
        nodeOptions = "";
      } else if (keyword === "ENTRYPOINT" || keyword === "CMD") {
        const words = execForm(value) ?? [value];
        if (keyword === "ENTRYPOINT") {
          entrypoint = { words, line };
          // An ENTRYPOINT resets the CMD inherited before it.
          cmd = undefined;
        } else cmd = { words, line };
      } else if (keyword === "ENV") {
        const option = /\bNODE_OPTIONS[= ]\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(value);
        if (option) nodeOptions = option[1] ?? option[2] ?? option[3] ?? "";
      }
    }
    if (cmd === undefined && entrypoint === undefined) return undefined;
    const command = [...(entrypoint?.words ?? []), ...(cmd?.words ?? [])]
      .join(" ")
      .slice(0, maxCommand);
    const program = command.split(/\s+/).find((word) => word !== "" && !word.includes("="));
    return {
      path,
      line: Math.max(entrypoint?.line ?? 0, cmd?.line ?? 0),
      command,
      runsNode: program !== undefined && /(^|\/)node$/.test(program),
      preloads: [...preloadsOf(nodeOptions), ...preloadsOf(command)],
    };
  },
});
