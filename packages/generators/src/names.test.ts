import { describe, expect, it } from "vitest";
import {
  checkDescription,
  checkDirectory,
  checkName,
  checkNode,
  checkOwner,
  checkScope,
  GeneratorError,
} from "./names.js";

describe("names", () => {
  it.each(["orders", "order-service", "a1", "x.y_z"])("accepts %s", (name) => {
    expect(() => {
      checkName(name);
    }).not.toThrow();
  });

  it.each([
    ["", /empty/],
    ["../evil", /path separator or "\.\."/],
    ["a/b", /path separator/],
    ["a\\b", /path separator/],
    ["node_modules", /reserved/],
    ["CON", /reserved/],
    ["lpt1.txt", /reserved/],
    ["fs", /core module/],
    ["Orders", /not a valid npm package name/],
    [".hidden", /not a valid npm package name/],
    ["has space", /not a valid npm package name/],
    ["a".repeat(215), /not a valid npm package name/],
  ])("refuses %j", (name, message) => {
    expect(() => {
      checkName(name);
    }).toThrow(GeneratorError);
    expect(() => {
      checkName(name);
    }).toThrow(message);
  });

  it("checks scopes, owners, Node versions, descriptions and directories", () => {
    expect(() => {
      checkScope("@acme");
    }).not.toThrow();
    for (const scope of ["acme", "@Acme", "@", "@a/b"])
      expect(() => {
        checkScope(scope);
      }, scope).toThrow(GeneratorError);
    for (const owner of ["@acme/payments", "@octocat", "team@acme.dev"])
      expect(() => {
        checkOwner(owner);
      }, owner).not.toThrow();
    for (const owner of ["acme", "@acme/pay ments", "", "@/x"])
      expect(() => {
        checkOwner(owner);
      }, owner).toThrow(GeneratorError);
    expect(() => {
      checkNode("24");
    }).not.toThrow();
    for (const node of ["18", "v24", "24.1", ""])
      expect(() => {
        checkNode(node);
      }, node).toThrow(GeneratorError);
    expect(() => {
      checkDescription("line\nbreak");
    }).toThrow(GeneratorError);
    expect(() => {
      checkDescription("\u001b[2Jclear");
    }).toThrow(GeneratorError);
    expect(checkDirectory("./services/orders/")).toBe("services/orders");
    for (const dir of ["/abs", "../up", "a/../b", "C:/x", "", "a//b"])
      expect(() => checkDirectory(dir), dir).toThrow(GeneratorError);
  });
});
