import { PassThrough } from "node:stream";
import { question } from "@paved/generators";
import { describe, expect, it } from "vitest";
import { lineAsker, terminalCannotDraw } from "./line-asker.js";

/** A line asker over in-memory streams; what it printed so far is in `printed()`. */
function asker(typed: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  input.end(typed);
  return { ask: lineAsker(input, output), printed: () => printed };
}

const owner = question("owner");
const choices = [
  { value: "service", name: "service — a Fastify service" },
  { value: "library", name: "library — a publishable TypeScript package" },
];

describe("the line-by-line asker (TERM=dumb)", () => {
  it("is chosen for a dumb terminal only", () => {
    expect(terminalCannotDraw({ TERM: "dumb" })).toBe(true);
    expect(terminalCannotDraw({ TERM: "xterm-256color" })).toBe(false);
    expect(terminalCannotDraw({})).toBe(false);
  });

  it("explains an invalid answer and asks again, with the generators' own check", async () => {
    const { ask, printed } = asker("payments\nacme\n@acme/payments\n");
    const answer = await ask.input({ message: owner.message("service"), validate: owner.validate });
    expect(answer).toBe("@acme/payments");
    expect(printed()).toContain('> "payments" is not an owner CODEOWNERS understands');
    expect(printed()).toContain('> "acme" is not an owner CODEOWNERS understands');
    // The question itself, three times: once per answer.
    expect(printed().split("? Which team owns it?").length - 1).toBe(3);
    ask.close?.();
  });

  it("lists the choices and takes a number, a value or the first on an empty line", async () => {
    for (const [typed, chosen] of [
      ["2\n", "library"],
      ["library\n", "library"],
      ["\n", "service"],
      ["7\nservice\n", "service"],
    ] as const) {
      const { ask, printed } = asker(typed);
      expect(await ask.select({ message: "What do you want to create?", choices })).toBe(chosen);
      expect(printed()).toContain("  2) library — a publishable TypeScript package\n");
      if (typed.startsWith("7")) expect(printed()).toContain('> "7" is not one of 1-2.');
      ask.close?.();
    }
  });

  it("takes the default on an empty line", async () => {
    const { ask } = asker("\n");
    expect(await ask.input({ message: "Name?", default: "orders" })).toBe("orders");
    ask.close?.();
  });

  it("cancels as the drawn prompts do when the input ends before an answer", async () => {
    const { ask } = asker("payments\n");
    await expect(
      ask.input({ message: owner.message("service"), validate: owner.validate }),
    ).rejects.toMatchObject({ name: "ExitPromptError" });
  });
});
