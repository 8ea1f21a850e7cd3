import { createInterface } from "node:readline";
import type { Asker } from "./new-prompts.js";

/** Ctrl-C or the end of input at a question; named as @inquirer's is, so bin.ts handles both. */
class ExitPromptError extends Error {
  override name = "ExitPromptError";
}

/**
 * Whether the terminal can draw a prompt that redraws itself. Under TERM=dumb (Emacs' shell, some
 * CI terminals) Node's readline ignores Backspace and the arrow keys in raw mode, so a wrong answer
 * can never be corrected and a list can never be moved through: ask line by line instead.
 */
export function terminalCannotDraw(env: Readonly<Record<string, string | undefined>>): boolean {
  return env["TERM"] === "dumb";
}

/**
 * The input's lines in order, whether typed before or after their question; the end of input
 * (Ctrl-D) or Ctrl-C rejects what is still waiting, as a cancelled prompt.
 */
function lineQueue(input: NodeJS.ReadableStream) {
  const lines = createInterface({ input, terminal: false });
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  const early: string[] = [];
  let closed = false;
  lines.on("line", (line) => {
    const next = waiting.shift();
    if (next === undefined) early.push(line);
    else next.resolve(line);
  });
  lines.on("close", () => {
    closed = true;
    for (const next of waiting.splice(0)) next.reject(new ExitPromptError("no more input"));
  });
  const onInterrupt = () => {
    lines.close();
  };
  process.once("SIGINT", onInterrupt);
  return {
    next: (): Promise<string> => {
      const line = early.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (closed) return Promise.reject(new ExitPromptError("no more input"));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => {
      process.off("SIGINT", onInterrupt);
      lines.close();
    },
  };
}

/**
 * The same questions, one plain line each: the terminal stays in its own line mode, so it echoes
 * and erases as it always does, and an invalid answer is explained and asked again.
 */
export function lineAsker(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Asker {
  const lines = lineQueue(input);
  const until = async (prompt: string, accept: (line: string) => string | { error: string }) => {
    for (;;) {
      output.write(prompt);
      const answer = accept((await lines.next()).trim());
      if (typeof answer === "string") return answer;
      output.write(`> ${answer.error}\n`);
    }
  };
  return {
    select: ({ message, choices }) => {
      const list = choices.map((choice, index) => `  ${String(index + 1)}) ${choice.name}\n`);
      output.write(`? ${message}\n${list.join("")}`);
      return until(`Choose 1-${String(choices.length)} [1]: `, (line) => {
        const chosen =
          line === ""
            ? choices[0]
            : (choices[Number(line) - 1] ?? choices.find((choice) => choice.value === line));
        return chosen?.value ?? { error: `"${line}" is not one of 1-${String(choices.length)}.` };
      });
    },
    input: ({ message, default: fallback, validate }) =>
      until(`? ${message}${fallback === undefined ? "" : ` [${fallback}]`} `, (line) => {
        const answer = line === "" ? (fallback ?? "") : line;
        const verdict = validate?.(answer) ?? true;
        return verdict === true ? answer : { error: verdict };
      }),
    close: lines.close,
  };
}
