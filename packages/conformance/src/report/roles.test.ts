import { describe, expect, it } from "vitest";
import type { Report } from "../audit.js";
import { renderMarkdown } from "./markdown.js";
import { renderPretty } from "./pretty.js";
import { sampleReport } from "./__fixtures__/sample.js";

describe("non-products in the text reports", () => {
  const sample = sampleReport();
  const report: Report = {
    ...sample,
    target: {
      ...sample.target,
      projects: [
        { dir: ".", name: "root", kinds: ["workspace-root"], role: "product" },
        { dir: "examples/*evil*", name: "x", kinds: ["service"], role: "example" },
      ],
    },
  };

  it("names them with their role, in the terminal and in Markdown (escaped)", () => {
    expect(renderPretty(report, false)).toContain(
      "Not judged, not products: examples/*evil* (example).",
    );
    expect(renderMarkdown(report)).toContain("examples/\\*evil\\* (example)");
    expect(renderPretty(sample, false)).not.toContain("Not judged");
  });
});
